#!/bin/sh
# azd preprovision hook, safe to re-run:
#   1. make sure an Entra app registration exists for App Service Authentication and hand its client
#      id to Bicep as AUTH_CLIENT_ID (it finds the one it made before);
#   2. tell Bicep whether the MySQL server exists already (MYSQL_SERVER_EXISTS), because its native
#      administrator may be set only when the server is created.
set -eu

if ! command -v az >/dev/null 2>&1; then
  echo "error: the Azure CLI (az) is required; install it and run 'az login' (see README.md, Deploy to Azure)" >&2
  exit 1
fi

if [ -n "${AUTH_CLIENT_ID:-}" ]; then
  echo "Sign-in app registration: ${AUTH_CLIENT_ID} (from AUTH_CLIENT_ID)"
else
  display_name="snapledger-${AZURE_ENV_NAME}"
  # --display-name matches by prefix; keep only the exact name.
  client_id=$(az ad app list --display-name "$display_name" \
    --query "[?displayName=='${display_name}'].appId | [0]" -o tsv)
  if [ -z "$client_id" ]; then
    echo "Creating Entra app registration '$display_name' for sign-in..."
    client_id=$(az ad app create \
      --display-name "$display_name" \
      --sign-in-audience AzureADMyOrg \
      --enable-id-token-issuance true \
      --query appId -o tsv)
  fi
  # The enterprise application (service principal) is what users consent to when they first sign in.
  if ! az ad sp show --id "$client_id" >/dev/null 2>&1; then
    az ad sp create --id "$client_id" >/dev/null
  fi
  azd env set AUTH_CLIENT_ID "$client_id"
  echo "Sign-in app registration: $client_id"
fi

# The names are azd outputs of an earlier provision; on the first one there is nothing to find.
exists=false
if [ -n "${AZURE_MYSQL_SERVER_NAME:-}" ] && [ -n "${AZURE_RESOURCE_GROUP:-}" ] \
  && az mysql flexible-server show -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_MYSQL_SERVER_NAME" >/dev/null 2>&1; then
  exists=true
fi
azd env set MYSQL_SERVER_EXISTS "$exists"
