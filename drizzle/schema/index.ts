export * from './borrowers';
export * from './compliance';
export * from './enums';
export * from './org';
export * from './planning';
export * from './staff';
export * from './visits';
