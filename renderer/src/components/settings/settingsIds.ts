/** The Models section of Settings, where a missing speech model is installed. */
export const MODELS_SECTION_ID = 'settings-models';
