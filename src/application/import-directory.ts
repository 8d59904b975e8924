/**
 * Directory import (interface fixed first so the HTTP and CLI adapters can be written in
 * parallel; the implementation replaces this file).
 */
import type { DatabaseHandle } from '../persistence/database.ts';

export type ImportFormat = 'csv' | 'json';
export type ImportEncoding = 'auto' | 'utf-8' | 'gb18030';

export interface ImportDirectoryInput {
  /** The file's raw bytes: encoding detection needs them undecoded. */
  readonly content: Uint8Array;
  readonly format: ImportFormat;
  readonly encoding?: ImportEncoding;
  /** Apply the valid rows and report the rest, instead of all-or-nothing. */
  readonly partial?: boolean;
  /** Shown in messages, e.g. the file name. */
  readonly sourceName?: string;
}

export interface RejectedRow {
  /** 1-based line in the file (CSV) or 1-based index of the element (JSON). */
  readonly line: number;
  /** The column / property the problem is in, when it is in one. */
  readonly field?: string;
  readonly reason: string;
  /** The row's original text, so a rejects file can be fixed and re-imported. */
  readonly raw?: string;
}

export interface ImportReport {
  readonly totalRows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly rejected: readonly RejectedRow[];
  /** False when nothing was written because some rows were rejected (all-or-nothing mode). */
  readonly applied: boolean;
  readonly encoding: 'utf-8' | 'gb18030';
}

export interface ImportProgress {
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

export type ImportDirectory = (
  database: DatabaseHandle,
  input: ImportDirectoryInput,
  options?: { onProgress?: (progress: ImportProgress) => void },
) => Promise<ImportReport>;
