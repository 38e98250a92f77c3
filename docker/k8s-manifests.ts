// Renders docker/k8s/ overlays the way `kubectl apply -k` does and gives the tests typed views
// of the result: the objects, their schema models, and each container's environment as the
// kubelet would assemble it (ConfigMaps from envFrom, then env).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, type IContainer, type IPodTemplateSpec } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** A schema model per kind the manifests may use; a kind missing here fails the test, unchecked. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'batch/v1/Job': Job,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

/** Throws with the schema's complaints when the object is not valid for its kind. */
export function validateObject(object: K8sObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind} (add its model to MODELS)`);
  new Model(object as never).validate();
}

export const overlayDir = (overlay: string) => fileURLToPath(new URL(`./k8s/overlays/${overlay}`, import.meta.url));

/**
 * `kubectl kustomize <dir>`, with the kubectl on PATH or $KUBECTL: Debian's kubernetes-client
 * (kubectl 1.20, kustomize v2.0.3) in CI, any newer one elsewhere; both read these files.
 */
export function render(dir: string): K8sObject[] {
  const kubectl = process.env['KUBECTL'] ?? 'kubectl';
  let output: string;
  try {
    output = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT')
      throw new Error(`${kubectl} not found: the manifests are rendered with kubectl (apt-get install kubernetes-client)`);
    throw new Error(`${kubectl} kustomize ${dir} failed: ${stderr ?? (error as Error).message}`);
  }
  return parseAllDocuments(output).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJS() as K8sObject;
  });
}

/** The objects of a render, found by kind and name. */
export class Manifests {
  constructor(readonly objects: readonly K8sObject[]) {}

  ofKind<T = K8sObject>(kind: string): (K8sObject & T)[] {
    return this.objects.filter((object) => object.kind === kind) as (K8sObject & T)[];
  }

  find<T = K8sObject>(kind: string, name: string): K8sObject & T {
    const found = this.ofKind<T>(kind).find((object) => object.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name} in the render`);
    return found;
  }

  /** Every pod template: Deployments' and Jobs'. */
  workloads(): { name: string; kind: string; template: IPodTemplateSpec }[] {
    return this.objects
      .filter((object) => object.kind === 'Deployment' || object.kind === 'Job')
      .map((object) => ({
        name: object.metadata.name,
        kind: object.kind,
        template: (object as unknown as { spec: { template: IPodTemplateSpec } }).spec.template,
      }));
  }

  /** A container's environment: its ConfigMaps (envFrom, in order), then its own `env` values. */
  environment(container: IContainer): Record<string, string> {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      if (source.secretRef) throw new Error(`${container.name}: secrets are mounted as files, never taken into the environment`);
      const name = source.configMapRef?.name;
      if (name) Object.assign(env, this.find<{ data?: Record<string, string> }>('ConfigMap', name).data);
    }
    for (const variable of container.env ?? []) {
      if (variable.valueFrom) throw new Error(`${container.name}: ${variable.name} is taken from elsewhere; these manifests set values`);
      env[variable.name] = variable.value ?? '';
    }
    return env;
  }
}

/** The one container of a pod template (these apps run one process per pod). */
export function onlyContainer(template: IPodTemplateSpec): IContainer {
  const containers = template.spec?.containers ?? [];
  if (containers.length !== 1) throw new Error(`expected one container, found ${containers.length}`);
  return containers[0]!;
}
