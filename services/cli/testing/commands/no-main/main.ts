// Test fixture for the CLI dispatcher: a module that forgot to export main.
export const notMain = 1;
