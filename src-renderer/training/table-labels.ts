/** How the data card's choices read in the app (the import dialog and the Task panel alike). */
import type { ColumnRole, ColumnType, Scaler } from '../../src-shared/datasets/table/card';

export const ROLE_LABELS: Record<ColumnRole, string> = { input: 'Input', target: 'Target', ignore: 'Ignore' };
export const TYPE_LABELS: Record<ColumnType, string> = { numeric: 'Numeric', categorical: 'Categorical' };
export const SCALER_LABELS: Record<Scaler, string> = { none: 'None', zscore: 'z-score', minmax: 'Min–max' };
