import type { AppInfo } from '../src-shared/protocol/app-api';

/**
 * The sandboxed preload cannot ask `app` for its name and version, so main passes them on the
 * renderer's command line (webPreferences.additionalArguments) and preload reads them back.
 */
export const APP_INFO_SWITCH = '--nnd-app-info';

export function appInfoArgument(info: AppInfo): string {
  return `${APP_INFO_SWITCH}=${encodeURIComponent(JSON.stringify(info))}`;
}
