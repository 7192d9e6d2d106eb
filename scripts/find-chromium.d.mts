export declare const HOW_TO_GET_ONE: string;
export declare function findChromium(machine: {
  env: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  playwrightChromium: () => string | null;
}): { path: string } | { missing: string };
export declare function chromiumOnThisMachine(): Promise<{ path: string } | { missing: string }>;
