/**
 * The Pod Security Standards `restricted` profile (Kubernetes v1.28), as a pure function over a pod spec in
 * its JSON form (what a manifest holds under `spec`, or under `spec.template.spec` of a workload).
 *
 * It checks what the admission controller checks when a namespace is labelled
 * `pod-security.kubernetes.io/enforce: restricted`, so a policy can refuse a manifest before a cluster does.
 * Source: kubernetes.io/docs/concepts/security/pod-security-standards (baseline + restricted controls).
 * AppArmor is the one control it cannot see: in v1.28 it lives in pod annotations (pass them as `annotations`).
 */

export interface PodSecurityViolation {
  /** Field path inside the pod spec, e.g. `containers[0].securityContext.allowPrivilegeEscalation`. */
  readonly path: string;
  /** The control, as the standard names it, e.g. `Privilege Escalation`. */
  readonly control: string;
  readonly message: string;
}

/** The parts of a pod spec the standard looks at (JSON, as synthesized). */
export interface PodSpecJson {
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: PodSecurityContextJson;
  readonly containers?: readonly ContainerJson[];
  readonly initContainers?: readonly ContainerJson[];
  readonly ephemeralContainers?: readonly ContainerJson[];
  readonly volumes?: readonly Readonly<Record<string, unknown>>[];
  readonly [field: string]: unknown;
}

interface SeccompJson {
  readonly type?: string;
}
interface SeLinuxJson {
  readonly type?: string;
  readonly user?: string;
  readonly role?: string;
}
interface WindowsJson {
  readonly hostProcess?: boolean;
}

export interface PodSecurityContextJson {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly seccompProfile?: SeccompJson;
  readonly seLinuxOptions?: SeLinuxJson;
  readonly windowsOptions?: WindowsJson;
  readonly sysctls?: readonly { readonly name: string; readonly value?: string }[];
  readonly [field: string]: unknown;
}

export interface ContainerJson {
  readonly name?: string;
  readonly ports?: readonly { readonly hostPort?: number }[];
  readonly securityContext?: {
    readonly privileged?: boolean;
    readonly allowPrivilegeEscalation?: boolean;
    readonly runAsNonRoot?: boolean;
    readonly runAsUser?: number;
    readonly procMount?: string;
    readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
    readonly seccompProfile?: SeccompJson;
    readonly seLinuxOptions?: SeLinuxJson;
    readonly windowsOptions?: WindowsJson;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

/** Volume types `restricted` allows. */
const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
/** Sysctls `baseline` allows (v1.28). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
]);
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

/** Every way `spec` breaks Pod Security `restricted`; empty when it meets it. */
export function podSecurityViolations(
  spec: PodSpecJson,
  annotations: Readonly<Record<string, string>> = {},
): PodSecurityViolation[] {
  const found: PodSecurityViolation[] = [];
  const add = (path: string, control: string, message: string): void => {
    found.push({ path, control, message });
  };
  const pod = spec.securityContext ?? {};

  // --- baseline ---------------------------------------------------------------------------------------------
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] === true) add(field, 'Host Namespaces', `${field} must be unset or false`);
  }
  if (pod.windowsOptions?.hostProcess === true)
    add('securityContext.windowsOptions.hostProcess', 'HostProcess', 'host processes are not allowed');
  checkSeLinux(pod.seLinuxOptions, 'securityContext.seLinuxOptions', add);
  for (const [i, sysctl] of (pod.sysctls ?? []).entries()) {
    if (!SAFE_SYSCTLS.has(sysctl.name))
      add(`securityContext.sysctls[${i}]`, 'Sysctls', `sysctl ${sysctl.name} is not in the safe set`);
  }
  for (const [i, volume] of (spec.volumes ?? []).entries()) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type === 'hostPath')
      add(`volumes[${i}].hostPath`, 'HostPath Volumes', 'hostPath volumes are not allowed');
    else if (type !== undefined && !ALLOWED_VOLUME_TYPES.has(type))
      add(`volumes[${i}].${type}`, 'Volume Types', `volume type ${type} is not allowed`);
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (
      key.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
      value !== 'runtime/default' &&
      !value.startsWith('localhost/')
    )
      add(`metadata.annotations.${key}`, 'AppArmor', `AppArmor profile ${value} overrides the default`);
  }

  // --- restricted, pod level --------------------------------------------------------------------------------
  if (pod.runAsUser === 0)
    add('securityContext.runAsUser', 'Running as Non-root user', 'runAsUser must not be 0');
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp !== undefined && !ALLOWED_SECCOMP.has(podSeccomp))
    add('securityContext.seccompProfile.type', 'Seccomp', `seccomp profile ${podSeccomp} is not allowed`);

  // --- every container --------------------------------------------------------------------------------------
  const lists = [
    ['containers', spec.containers],
    ['initContainers', spec.initContainers],
    ['ephemeralContainers', spec.ephemeralContainers],
  ] as const;
  for (const [list, containers] of lists) {
    for (const [i, container] of (containers ?? []).entries()) {
      const at = `${list}[${i}]`;
      const context = container.securityContext ?? {};
      const sc = `${at}.securityContext`;
      if (context.privileged === true)
        add(`${sc}.privileged`, 'Privileged Containers', 'privileged must be false');
      if (context.windowsOptions?.hostProcess === true)
        add(`${sc}.windowsOptions.hostProcess`, 'HostProcess', 'host processes are not allowed');
      if (context.procMount !== undefined && context.procMount !== 'Default')
        add(`${sc}.procMount`, '/proc Mount Type', 'procMount must be unset or Default');
      checkSeLinux(context.seLinuxOptions, `${sc}.seLinuxOptions`, add);
      for (const [j, port] of (container.ports ?? []).entries()) {
        if (port.hostPort !== undefined && port.hostPort !== 0)
          add(`${at}.ports[${j}].hostPort`, 'Host Ports', 'hostPort must be unset or 0');
      }
      if (context.allowPrivilegeEscalation !== false)
        add(
          `${sc}.allowPrivilegeEscalation`,
          'Privilege Escalation',
          'allowPrivilegeEscalation must be false',
        );
      const nonRoot = context.runAsNonRoot ?? pod.runAsNonRoot;
      if (nonRoot !== true)
        add(
          `${sc}.runAsNonRoot`,
          'Running as Non-root',
          'runAsNonRoot must be true (on the container or the pod, and not false on the container)',
        );
      if (context.runAsUser === 0)
        add(`${sc}.runAsUser`, 'Running as Non-root user', 'runAsUser must not be 0');
      const seccomp = context.seccompProfile?.type ?? podSeccomp;
      if (seccomp === undefined)
        add(
          `${sc}.seccompProfile.type`,
          'Seccomp',
          'set seccompProfile RuntimeDefault (on the container or the pod)',
        );
      else if (!ALLOWED_SECCOMP.has(seccomp))
        add(`${sc}.seccompProfile.type`, 'Seccomp', `seccomp profile ${seccomp} is not allowed`);
      const capabilities = context.capabilities ?? {};
      if (!(capabilities.drop ?? []).includes('ALL'))
        add(`${sc}.capabilities.drop`, 'Capabilities', 'capabilities must drop ALL');
      for (const [j, capability] of (capabilities.add ?? []).entries()) {
        if (capability !== 'NET_BIND_SERVICE')
          add(`${sc}.capabilities.add[${j}]`, 'Capabilities', `capability ${capability} may not be added`);
      }
    }
  }
  return found;
}

function checkSeLinux(
  options: SeLinuxJson | undefined,
  path: string,
  add: (path: string, control: string, message: string) => void,
): void {
  if (!options) return;
  if (options.type !== undefined && options.type !== '' && !SELINUX_TYPES.has(options.type))
    add(`${path}.type`, 'SELinux', `SELinux type ${options.type} is not allowed`);
  if (options.user) add(`${path}.user`, 'SELinux', 'SELinux user must be unset');
  if (options.role) add(`${path}.role`, 'SELinux', 'SELinux role must be unset');
}

interface TemplateJson {
  readonly metadata?: { readonly annotations?: Record<string, string> };
  readonly spec?: PodSpecJson;
}

/**
 * The pod spec (and pod annotations) of a manifest object: `spec` of a Pod, `spec.template` of a workload
 * (StatefulSet, Deployment, DaemonSet, ReplicaSet, Job), `spec.jobTemplate.spec.template` of a CronJob.
 */
export function podSpecOf(object: {
  readonly kind?: string;
  readonly metadata?: { readonly annotations?: Record<string, string> };
  readonly spec?: unknown;
}): { spec: PodSpecJson; annotations: Record<string, string> } | undefined {
  if (object.spec === undefined || object.spec === null) return undefined;
  if (object.kind === 'Pod')
    return { spec: object.spec as PodSpecJson, annotations: object.metadata?.annotations ?? {} };
  const spec = object.spec as {
    readonly template?: TemplateJson;
    readonly jobTemplate?: { readonly spec?: { readonly template?: TemplateJson } };
  };
  const template = object.kind === 'CronJob' ? spec.jobTemplate?.spec?.template : spec.template;
  return template?.spec
    ? { spec: template.spec, annotations: template.metadata?.annotations ?? {} }
    : undefined;
}
