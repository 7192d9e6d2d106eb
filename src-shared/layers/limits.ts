/** Most units a layer may have: beyond this a "small network" designer is the wrong tool. */
export const MAX_UNITS = 4096;
/** Most inputs a merge (Add, Concatenate) takes. */
export const MAX_MERGE_INPUTS = 16;
