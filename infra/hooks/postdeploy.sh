#!/bin/sh
# azd postdeploy hook: subscribe the function's blob extension webhook to BlobCreated events under
# uploads/. The blobs_extension key exists only once the code is deployed, so Bicep cannot do this.
# Re-running updates the existing subscription instead of failing. Then check-deployment.sh checks
# that anonymous callers are refused and the webhook still answers Event Grid.
set -eu

: "${AZURE_FUNCTION_APP_NAME:?missing azd output AZURE_FUNCTION_APP_NAME}"
: "${SERVICE_API_HOST:?missing azd output SERVICE_API_HOST}"
: "${AZURE_RESOURCE_GROUP:?missing azd output AZURE_RESOURCE_GROUP}"
: "${EVENTGRID_SYSTEM_TOPIC_NAME:?missing azd output EVENTGRID_SYSTEM_TOPIC_NAME}"
container="${UPLOADS_CONTAINER:-uploads}"
subscription_name="on-upload"

# The host creates the key on its first start after deploy; give it a minute.
key=""
for attempt in 1 2 3 4 5 6 7 8 9 10 11 12; do
  key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  echo "Waiting for the blobs_extension key (attempt ${attempt})..."
  sleep 10
done
if [ -z "$key" ]; then
  echo "error: the function app has no blobs_extension key yet; run 'azd deploy' again" >&2
  exit 1
fi

# The site's own host name (properties.defaultHostName), not one built from the app name.
endpoint="https://${SERVICE_API_HOST}/runtime/webhooks/blobs?functionName=Host.Functions.on_upload&code=${key}"
subject="/blobServices/default/containers/${container}/"

if az eventgrid system-topic event-subscription show -g "$AZURE_RESOURCE_GROUP" \
    --system-topic-name "$EVENTGRID_SYSTEM_TOPIC_NAME" -n "$subscription_name" >/dev/null 2>&1; then
  echo "Updating Event Grid subscription '$subscription_name'..."
  az eventgrid system-topic event-subscription update -g "$AZURE_RESOURCE_GROUP" \
    --system-topic-name "$EVENTGRID_SYSTEM_TOPIC_NAME" -n "$subscription_name" \
    --endpoint "$endpoint" \
    --included-event-types Microsoft.Storage.BlobCreated \
    --subject-begins-with "$subject" >/dev/null
else
  echo "Creating Event Grid subscription '$subscription_name'..."
  az eventgrid system-topic event-subscription create -g "$AZURE_RESOURCE_GROUP" \
    --system-topic-name "$EVENTGRID_SYSTEM_TOPIC_NAME" -n "$subscription_name" \
    --endpoint-type webhook \
    --endpoint "$endpoint" \
    --included-event-types Microsoft.Storage.BlobCreated \
    --subject-begins-with "$subject" >/dev/null
fi
echo "Blob uploads under ${container}/ now reach on_upload."

SERVICE_API_URI="https://${SERVICE_API_HOST}" BLOBS_EXTENSION_KEY="$key" sh "$(dirname "$0")/check-deployment.sh"
