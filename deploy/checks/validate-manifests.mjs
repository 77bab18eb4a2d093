// Validates rendered Kubernetes manifests offline: node validate-manifests.mjs < rendered.yaml
// 1. every document against its schema: Kubernetes' own (kubernetes-models, generated from the Kubernetes OpenAPI
//    document), Strimzi's and CloudNativePG's CRD schemas and the prometheus-operator's (@kubernetes-models/*,
//    generated from the operators' published CRDs). A kind without a known schema is an error, not a pass.
// 2. Vigil's own rules: every Deployment's containers have liveness, readiness and startup probes, CPU and memory
//    requests and limits, and a restricted security context; passwords come from Secrets; every Deployment has a
//    Service and a PodDisruptionBudget; an HPA on a Kafka consumer never exceeds the events topic's partitions.
// Prints one line per problem and exits 1 if there is any.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const MODELS = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "kafka.strimzi.io/v1": "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1",
  "postgresql.cnpg.io/v1": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

const input = readFileSync(process.argv[2] ?? 0, "utf8");
const docs = parseAllDocuments(input).map((d) => {
  if (d.errors.length) throw new Error("YAML: " + d.errors.map((e) => e.message).join("; "));
  return d.toJSON();
}).filter((d) => d);

const problems = [];
const where = (d) => `${d.kind ?? "?"}/${d.metadata?.name ?? "?"}`;

async function schemaCheck(doc) {
  const module = MODELS[doc.apiVersion];
  if (!module) return problems.push(`${where(doc)}: no schema known for apiVersion ${doc.apiVersion}`);
  const models = await import(module);
  const Model = models[doc.kind];
  if (!Model) return problems.push(`${where(doc)}: no schema known for kind ${doc.kind} in ${doc.apiVersion}`);
  try {
    new Model(doc).validate();
  } catch (e) {
    problems.push(`${where(doc)}: schema: ${e.message.replace(/\s+/g, " ")}`);
  }
}

function podRules(doc) {
  const pod = doc.spec?.template?.spec ?? {};
  const podSc = pod.securityContext ?? {};
  for (const c of pod.containers ?? []) {
    const at = `${where(doc)} container ${c.name}`;
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      if (!c[probe]) problems.push(`${at}: has no ${probe}`);
    }
    for (const kind of ["requests", "limits"]) {
      for (const res of ["cpu", "memory"]) {
        if (!c.resources?.[kind]?.[res]) problems.push(`${at}: has no resources.${kind}.${res}`);
      }
    }
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: securityContext.allowPrivilegeEscalation must be false`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: securityContext.readOnlyRootFilesystem must be true`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) problems.push(`${at}: securityContext.runAsNonRoot must be true`);
    if (sc.privileged === true) problems.push(`${at}: must not be privileged`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${at}: securityContext.capabilities.drop must include ALL`);
    for (const e of c.env ?? []) {
      if (/PASSWORD|SECRET|TOKEN/i.test(e.name) && e.value !== undefined) {
        problems.push(`${at}: ${e.name} is a credential and must come from a Secret (valueFrom.secretKeyRef), not a value`);
      }
    }
  }
}

function selects(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

function crossRules() {
  const deployments = docs.filter((d) => d.kind === "Deployment");
  for (const d of deployments) {
    const labels = d.spec?.template?.metadata?.labels;
    if (!docs.some((s) => s.kind === "Service" && s.spec?.selector && selects(s.spec.selector, labels))) {
      problems.push(`${where(d)}: no Service selects its pods`);
    }
    if (!docs.some((p) => p.kind === "PodDisruptionBudget" && selects(p.spec?.selector?.matchLabels, labels))) {
      problems.push(`${where(d)}: no PodDisruptionBudget covers its pods`);
    }
  }
  const eventsTopic = docs.find((t) => t.kind === "KafkaTopic" && t.spec?.topicName === "vigil.population-events");
  if (!eventsTopic) problems.push("KafkaTopic vigil.population-events is missing");
  else if (eventsTopic.spec?.config?.["retention.ms"] !== -1) {
    problems.push(`${where(eventsTopic)}: the events topic must keep everything (retention.ms: -1)`);
  }
  for (const hpa of docs.filter((d) => d.kind === "HorizontalPodAutoscaler")) {
    const target = deployments.find((d) => d.metadata?.name === hpa.spec?.scaleTargetRef?.name);
    if (!target) problems.push(`${where(hpa)}: scales ${hpa.spec?.scaleTargetRef?.name}, which is not rendered`);
    const consumer = target?.spec?.template?.metadata?.labels?.["vigil.org/kafka-client"] === "true";
    if (consumer && eventsTopic && hpa.spec.maxReplicas > eventsTopic.spec.partitions) {
      problems.push(`${where(hpa)}: maxReplicas ${hpa.spec.maxReplicas} exceeds the events topic's ${eventsTopic.spec.partitions} partitions`);
    }
  }
}

for (const doc of docs) {
  await schemaCheck(doc);
  if (["Deployment", "StatefulSet", "DaemonSet"].includes(doc.kind)) podRules(doc);
}
crossRules();

if (problems.length) {
  for (const p of problems) console.log("INVALID " + p);
  process.exit(1);
}
console.log(`valid: ${docs.length} documents (${[...new Set(docs.map((d) => d.kind))].sort().join(", ")})`);
