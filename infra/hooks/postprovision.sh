#!/bin/sh
# azd postprovision hook: the Microsoft Entra half of the deployment, which Bicep cannot express
# without the Microsoft Graph extension. Every step checks before it writes, so re-runs are no-ops.
#   1. the sign-in redirect URI of the app registration;
#   2. a federated credential so Easy Auth signs in with the app's managed identity, not a secret;
#   3. Microsoft Graph read access for the MySQL server's identity, which Entra sign-in to MySQL needs;
#   4. then, and only then, the app's identity as the MySQL Entra administrator and aad_auth_only=ON.
# Step 3 fails without an Entra administrator role; step 4 then waits for the next 'azd provision'.
set -eu

: "${AUTH_CLIENT_ID:?run the preprovision hook first (azd provision)}"
: "${SERVICE_API_HOST:?missing azd output SERVICE_API_HOST}"
: "${AZURE_TENANT_ID:?missing azd output AZURE_TENANT_ID}"
: "${SERVICE_API_IDENTITY_PRINCIPAL_ID:?missing azd output SERVICE_API_IDENTITY_PRINCIPAL_ID}"
: "${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID:?missing azd output MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}"

# The site's own host name (properties.defaultHostName): with unique default host names it is not
# <app name>.azurewebsites.net.
redirect_uri="https://${SERVICE_API_HOST}/.auth/login/aad/callback"
redirect_uris=$(az ad app show --id "$AUTH_CLIENT_ID" --query "web.redirectUris[]" -o tsv)
if ! printf '%s\n' "$redirect_uris" | grep -qxF "$redirect_uri"; then
  echo "Adding sign-in redirect URI $redirect_uri"
  # Keep the URIs an existing app registration already has; word splitting is wanted here.
  # shellcheck disable=SC2086
  az ad app update --id "$AUTH_CLIENT_ID" --web-redirect-uris $redirect_uris "$redirect_uri"
fi

credential_name="snapledger-easyauth"
existing=$(az ad app federated-credential list --id "$AUTH_CLIENT_ID" \
  --query "[?name=='${credential_name}'].name" -o tsv)
if [ -z "$existing" ]; then
  echo "Adding federated credential '$credential_name' for the app's managed identity..."
  az ad app federated-credential create --id "$AUTH_CLIENT_ID" --parameters "{
    \"name\": \"${credential_name}\",
    \"issuer\": \"https://login.microsoftonline.com/${AZURE_TENANT_ID}/v2.0\",
    \"subject\": \"${SERVICE_API_IDENTITY_PRINCIPAL_ID}\",
    \"audiences\": [\"api://AzureADTokenExchange\"]
  }" >/dev/null
fi

hooks=$(dirname "$0")
sh "$hooks/grant-mysql-graph.sh"
sh "$hooks/mysql-entra-admin.sh"
