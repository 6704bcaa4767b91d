// The scrape served by the app itself at /metrics, as a route handler (a Web Request -> Response
// handler). llmeter's own port (OTEL_EXPORTER_PROMETHEUS_PORT, default 9464) serves it as well;
// set LLMETER_PROMETHEUS_SERVER=false to keep only this route.
import { metricsFetchHandler } from 'llmeter'

export const GET = metricsFetchHandler()
// Every scrape is collected when it is asked for, never prerendered or cached.
export const dynamic = 'force-dynamic'
