export { StackSymbolizer, type StackSymbolizerOptions, type SymbolizeCounts } from './StackSymbolizer.js';
export { UNKNOWN, type Frame } from './Frame.js';
export { readElf, offsetToVaddr, ELF_LIMITS, type ElfFile, type LoadSegment } from './elfFile.js';
export { ElfError } from './ElfError.js';
export { bufferSource, fileSource, type ByteSource, type FileSource } from './ByteSource.js';
export { SymbolTable, type SymbolEntry } from './SymbolTable.js';
export { parseKallsyms, readKallsyms, KALLSYMS_MAX_BYTES, type KernelSymbols } from './kallsyms.js';
export { parseMaps, mappingAt, MAPS_MAX_LINES, type Mapping } from './processMaps.js';
