import { TerraformStack, Testing } from 'cdktf';
import { MovedBlock } from '../../../stacks/constructs/moved-block';

test('writes the moved blocks of a stack as one list, and no resource-move metadata (no terraform needed at synth)', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  new MovedBlock(stack, 'a', { from: 'azurerm_eventhub.a', to: 'azapi_resource.a' });
  new MovedBlock(stack, 'b', { from: 'azurerm_eventhub.b', to: 'azapi_resource.b' });
  const json = stack.toTerraform() as { moved: unknown; '//'?: { metadata?: Record<string, unknown> } };
  expect(json.moved).toEqual([
    { from: 'azurerm_eventhub.a', to: 'azapi_resource.a' },
    { from: 'azurerm_eventhub.b', to: 'azapi_resource.b' },
  ]);
  expect(json['//']?.metadata?.moved).toBeUndefined();
  expect(stack.hasResourceMove()).toBe(false);
});
