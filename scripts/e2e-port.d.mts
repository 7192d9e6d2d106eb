export declare const DEFAULT_E2E_PORT: number;
export declare const CHOSEN_PORT_VARIABLE: string;
export declare function e2ePort(env?: Record<string, string | undefined>, preferred?: number): Promise<number>;
