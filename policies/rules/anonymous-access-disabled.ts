import { flag, setTo } from '../attrs';
import type { TerraformRule } from '../rule';

/** Nothing is readable without a token: no public blob containers, no anonymous image pulls. */
export const anonymousAccessDisabled: TerraformRule = {
  id: 'anonymous-access-disabled',
  title: 'No anonymous access (public blob containers, anonymous registry pulls)',
  level: 'error',
  resourceTypes: ['azurerm_storage_account', 'azurerm_container_registry', 'azurerm_storage_container'],
  check(attrs, { resource }) {
    switch (resource.type) {
      case 'azurerm_storage_account':
        // azurerm 4.x default: true (containers may opt into public access).
        return flag(attrs, 'allow_nested_items_to_be_public', true) === false
          ? 'compliant'
          : [
              {
                message: 'containers can be made publicly readable',
                fix: setTo('allow_nested_items_to_be_public', false),
              },
            ];
      case 'azurerm_container_registry':
        return flag(attrs, 'anonymous_pull_enabled', false) === true
          ? [
              {
                message: 'anyone can pull images without a token',
                fix: setTo('anonymous_pull_enabled', false),
              },
            ]
          : 'compliant';
      default: {
        const access = attrs.container_access_type;
        return access === undefined || access === 'private'
          ? 'compliant'
          : [
              {
                message: `the container is public (${String(access)})`,
                fix: setTo('container_access_type', 'private'),
              },
            ];
      }
    }
  },
};
