{{/*
Expand the name of the chart.
*/}}
{{- define "logferry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
A default fully qualified app name, at most 63 characters (DNS label). If the release name contains the chart name it
is used as the full name.
*/}}
{{- define "logferry.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "logferry.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Common labels. The version is here, never in the selector labels: selectors are immutable, so a version in them would
make every upgrade fail.
*/}}
{{- define "logferry.labels" -}}
helm.sh/chart: {{ include "logferry.chart" . }}
{{ include "logferry.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: {{ .Values.kind | lower }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Selector labels: name and instance only.
*/}}
{{- define "logferry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "logferry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "logferry.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{ default (include "logferry.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
{{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{- define "logferry.image" -}}
{{- printf "%s:%s" .image.repository (default .chart.AppVersion .image.tag) -}}
{{- end -}}

{{/*
The stream template of the chosen shape.
*/}}
{{- define "logferry.stream" -}}
{{- if .Values.cloudwatch.stream -}}
{{ .Values.cloudwatch.stream }}
{{- else if eq .Values.kind "DaemonSet" -}}
{dir:2}/{dir}/{file}
{{- else if eq .Values.kind "CronJob" -}}
{dir}/{file}
{{- else -}}
{env:POD_NAMESPACE}/{env:POD_NAME}/{file}
{{- end -}}
{{- end -}}

{{/*
What readiness follows: always "running" for a sidecar (its readiness is the app pod's).
*/}}
{{- define "logferry.readiness" -}}
{{- if eq .Values.kind "Sidecar" -}}
running
{{- else -}}
{{ default "sink" .Values.readiness }}
{{- end -}}
{{- end -}}

{{/*
Environment shared by every shape.
*/}}
{{- define "logferry.env" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: LOGFERRY_REGION
  value: {{ .Values.cloudwatch.region | quote }}
- name: LOGFERRY_GROUP
  value: {{ required "cloudwatch.group is required" .Values.cloudwatch.group | quote }}
- name: LOGFERRY_STREAM
  value: {{ include "logferry.stream" . | quote }}
- name: LOGFERRY_CHECKPOINT_DIR
  value: /var/lib/logferry
{{- if eq .Values.kind "DaemonSet" }}
- name: LOGFERRY_INCLUDE
  value: "/var/log/pods/*/*/*.log*,/var/log/logferry-apps/*/*/*.log*"
# Its own pods' output would otherwise be shipped, warnings about shipping included.
- name: LOGFERRY_EXCLUDE
  value: "/var/log/pods/{{ .Release.Namespace }}_{{ include "logferry.fullname" . }}-*/**,/var/log/pods/**/*.gz,/var/log/logferry-apps/**/*.gz"
# CRI lines start with the runtime's RFC 3339 time.
- name: LOGFERRY_TIMESTAMP_REGEX
  value: '^(\S+) (?:stdout|stderr) [FP] '
- name: LOGFERRY_TIMESTAMP_FORMAT
  value: ISO8601
{{- else if eq .Values.kind "Sidecar" }}
- name: LOGFERRY_INCLUDE
  value: "{{ .Values.sidecar.logsPath }}/**/*.log*"
{{- else }}
- name: LOGFERRY_INCLUDE
  value: "/logs/*/*.log*"
{{- end }}
{{- with .Values.cloudwatch.endpoint }}
- name: LOGFERRY_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with .Values.env }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The follow container (DaemonSet and Sidecar); the caller adds volumeMounts.
*/}}
{{- define "logferry.followContainer" -}}
name: logferry
image: {{ include "logferry.image" (dict "image" .Values.image "chart" .Chart) }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
args:
  - follow
  {{- with .Values.extraArgs }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
env:
  {{- include "logferry.env" . | nindent 2 }}
  - name: LOGFERRY_HTTP_PORT
    value: {{ .Values.http.port | quote }}
  - name: LOGFERRY_READINESS
    value: {{ include "logferry.readiness" . | quote }}
  - name: LOGFERRY_DRAIN_DEADLINE
    value: {{ .Values.drainDeadline | quote }}
{{- with .Values.envFrom }}
envFrom:
  {{- toYaml . | nindent 2 }}
{{- end }}
ports:
  - name: logferry-http
    containerPort: {{ .Values.http.port }}
    protocol: TCP
{{- if or (ne .Values.kind "Sidecar") .Values.sidecar.gateAppStart }}
startupProbe:
  httpGet:
    path: /q/health/started
    port: logferry-http
  periodSeconds: 2
  failureThreshold: 30
{{- end }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: logferry-http
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: logferry-http
  periodSeconds: 10
  failureThreshold: 6
resources:
  {{- toYaml (ternary .Values.sidecar.resources .Values.resources (eq .Values.kind "Sidecar")) | nindent 2 }}
securityContext:
  {{- if and (eq .Values.kind "DaemonSet") .Values.daemonset.runAsRoot }}
  runAsNonRoot: false
  runAsUser: 0
  {{- toYaml (omit .Values.securityContext "runAsNonRoot" "runAsUser") | nindent 2 }}
  {{- else }}
  {{- toYaml .Values.securityContext | nindent 2 }}
  {{- end }}
{{- end -}}

{{/*
The sidecar container as a one-element list: native (restartPolicy Always, for initContainers) or classic.
*/}}
{{- define "logferry.sidecarContainers" -}}
- {{- include "logferry.followContainer" . | nindent 2 }}
  {{- if eq .Values.sidecar.mode "native" }}
  restartPolicy: Always
  {{- end }}
  volumeMounts:
    - name: {{ .Values.sidecar.logsVolume }}
      mountPath: {{ .Values.sidecar.logsPath }}
      readOnly: true
    - name: logferry-checkpoints
      mountPath: /var/lib/logferry
    - name: logferry-tmp
      mountPath: /tmp
    {{- with .Values.extraVolumeMounts }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{/*
The volumes the sidecar adds (the app's log volume is the app's own).
*/}}
{{- define "logferry.sidecarVolumes" -}}
- name: logferry-checkpoints
  emptyDir:
    sizeLimit: 16Mi
- name: logferry-tmp
  emptyDir:
    sizeLimit: 64Mi
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}
