// Placeholder: ParseTimestamp/FormatTimestamp land with ingest.
#include "wiretrace/article.h"
