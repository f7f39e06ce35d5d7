{{ define "lbl" }}   apiVersion: v1{{ end }}
