#!/bin/sh
# Makes the app's managed identity the Microsoft Entra administrator of the MySQL server and then turns
# password sign-in off (aad_auth_only=ON). Runs in postprovision after grant-mysql-graph.sh, because
# the server resolves the administrator through Microsoft Graph with its own identity: set before that
# identity may read Graph, Entra sign-in stays broken. Checks before it writes, so re-runs are no-ops.
set -eu

: "${AZURE_RESOURCE_GROUP:?missing azd output AZURE_RESOURCE_GROUP}"
: "${AZURE_MYSQL_SERVER_NAME:?missing azd output AZURE_MYSQL_SERVER_NAME}"
: "${AZURE_MYSQL_USER:?missing azd output AZURE_MYSQL_USER}"
: "${SERVICE_API_IDENTITY_PRINCIPAL_ID:?missing azd output SERVICE_API_IDENTITY_PRINCIPAL_ID}"
: "${MYSQL_SERVER_IDENTITY_ID:?missing azd output MYSQL_SERVER_IDENTITY_ID}"

admin_sid=$(az mysql flexible-server ad-admin show -g "$AZURE_RESOURCE_GROUP" -s "$AZURE_MYSQL_SERVER_NAME" \
  --query sid -o tsv 2>/dev/null || true)
if [ "$admin_sid" = "$SERVICE_API_IDENTITY_PRINCIPAL_ID" ]; then
  echo "MySQL Entra administrator: ${AZURE_MYSQL_USER} (already set)"
else
  echo "Setting ${AZURE_MYSQL_USER} as the MySQL server's Entra administrator..."
  az mysql flexible-server ad-admin create -g "$AZURE_RESOURCE_GROUP" -s "$AZURE_MYSQL_SERVER_NAME" \
    --display-name "$AZURE_MYSQL_USER" --object-id "$SERVICE_API_IDENTITY_PRINCIPAL_ID" \
    --identity "$MYSQL_SERVER_IDENTITY_ID" >/dev/null
fi

# Password sign-in goes off only once the Entra administrator exists, or nobody could sign in.
aad_only=$(az mysql flexible-server parameter show -g "$AZURE_RESOURCE_GROUP" -s "$AZURE_MYSQL_SERVER_NAME" \
  --name aad_auth_only --query value -o tsv | tr '[:lower:]' '[:upper:]')
if [ "$aad_only" != "ON" ]; then
  echo "Turning password sign-in off (aad_auth_only=ON)..."
  az mysql flexible-server parameter set -g "$AZURE_RESOURCE_GROUP" -s "$AZURE_MYSQL_SERVER_NAME" \
    --name aad_auth_only --value ON >/dev/null
fi
echo "MySQL accepts Microsoft Entra sign-in only."
