{{/*
Templates render one object per enabled component and call the helpers below
with the context (dict "root" $ "name" NAME "c" SETTINGS "raw" COMPONENT):
SETTINGS is `default` overlaid with the component's keys (mergeOverwrite on a
deepCopy, so one component's keys never leak into the next), COMPONENT the
component's values as written.
*/}}

{{- define "wick.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "wick.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The component's object name: <release>-wick-<component>. */}}
{{- define "wick.componentName" -}}
{{- printf "%s-%s" (include "wick.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "wick.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wick.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "wick.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "wick.selectorLabels" . }}
app.kubernetes.io/version: {{ include "wick.imageTag" . | quote }}
app.kubernetes.io/part-of: wick
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "wick.imageTag" -}}
{{- $image := mergeOverwrite (deepCopy .root.Values.image) (.raw.image | default dict) }}
{{- $image.tag | default .root.Chart.AppVersion }}
{{- end }}

{{- define "wick.image" -}}
{{- $image := mergeOverwrite (deepCopy .root.Values.image) (.raw.image | default dict) }}
{{- printf "%s:%s" $image.repository (include "wick.imageTag" .) }}
{{- end }}

{{/*
The container's environment: identity and telemetry first, then the
dependencies the component `uses`, then `default.env` and the component's env.
*/}}
{{- define "wick.env" -}}
{{- $root := .root -}}
- name: OTEL_SERVICE_NAME
  value: {{ .name | quote }}
- name: K8S_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: K8S_POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "service.namespace=wick,service.version=%s,k8s.namespace.name=$(K8S_NAMESPACE),k8s.pod.name=$(K8S_POD_NAME)" (include "wick.imageTag" .) | quote }}
{{- with $root.Values.observability.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: LOG_LEVEL
  value: {{ $root.Values.observability.logLevel | quote }}
- name: WICK_HTTP_PORT
  value: {{ .c.httpPort | quote }}
{{- if has "kafka" .c.uses }}
- name: KAFKA_BROKERS
  value: {{ $root.Values.kafka.brokers | quote }}
{{- end }}
{{- if has "redis" .c.uses }}
- name: REDIS_URL
  value: {{ $root.Values.redis.url | quote }}
{{- end }}
{{- if has "database" .c.uses }}
- name: DATABASE_URL
{{- if $root.Values.database.existingSecret }}
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.database.existingSecret }}
      key: {{ $root.Values.database.existingSecretKey }}
{{- else }}
  value: {{ $root.Values.database.url | quote }}
{{- end }}
{{- end }}
{{- with $root.Values.default.env }}
{{ toYaml . }}
{{- end }}
{{- with .raw.env }}
{{ toYaml . }}
{{- end }}
{{- end }}
