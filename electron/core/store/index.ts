export { writeFileAtomic, type WriteOptions } from './atomicFile';
export { acquireDataLock, DATA_LOCK_FILE, type DataLock } from './dataLock';
export { JsonDocument, type DocumentSpec } from './jsonDocument';
export { JsonLinesLog, type LogSpec } from './jsonLines';
