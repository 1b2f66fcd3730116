/** The command box's id, so a picked suggestion can put focus back in it. */
export const COMMAND_INPUT_ID = 'command-input';
