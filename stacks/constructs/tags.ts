import { type IAspect, TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';

/** A provider resource class that accepts tags (the generated classes expose `tags` and `tagsInput`). */
interface Taggable {
  tags: Record<string, string> | undefined;
  readonly tagsInput: Record<string, string> | undefined;
}

/**
 * Azure resources (azurerm, azapi) take tags as a string map. Databricks resources are not Azure resources: the
 * few with a `tags` argument (SQL warehouses, jobs) take a block of their own shape, set where they are made.
 */
function isTaggable(node: IConstruct): node is TerraformResource & Taggable {
  return (
    node instanceof TerraformResource &&
    'tagsInput' in node &&
    !node.terraformResourceType.startsWith('databricks_')
  );
}

/**
 * Puts the environment's tags on every resource that takes tags; tags a resource sets itself win.
 * An aspect rather than a prop on each resource so that a new resource cannot forget them.
 */
export class TagResources implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (isTaggable(node)) node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
  }
}
