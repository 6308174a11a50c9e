#!/bin/sh
# azd preprovision hook: make sure an Entra app registration exists for App Service Authentication
# and hand its client id to Bicep as AUTH_CLIENT_ID. Safe to re-run: it finds the one it made before.
set -eu

if ! command -v az >/dev/null 2>&1; then
  echo "error: the Azure CLI (az) is required; install it and run 'az login' (see docs/deploy.md)" >&2
  exit 1
fi

if [ -n "${AUTH_CLIENT_ID:-}" ]; then
  echo "Sign-in app registration: ${AUTH_CLIENT_ID} (from AUTH_CLIENT_ID)"
  exit 0
fi

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
