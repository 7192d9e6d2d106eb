/**
 * Finding the engine in `app.getAppMetrics()`. A utility process forked with
 * `{ serviceName: 'NN Designer engine' }` reports that name in `name`; its `serviceName` is the
 * Mojo service every Node utility process shares ("node.mojom.NodeService"). Electron 45's
 * electron.d.ts, ForkOptions.serviceName: "Name of the process that will appear in `name`
 * property of `ProcessMetric` returned by `app.getAppMetrics`".
 */
export const ENGINE_SERVICE_NAME = 'NN Designer engine';

interface Metric {
  pid: number;
  type: string;
  name?: string;
}

export function enginePidIn(metrics: readonly Metric[]): number | null {
  return metrics.find((m) => m.type === 'Utility' && m.name === ENGINE_SERVICE_NAME)?.pid ?? null;
}
