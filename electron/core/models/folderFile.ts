import { constants } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * Why a file named inside a chosen folder can't be read from it:
 * - `outside_folder`: the path is absolute, has a `..`, or goes through a linked folder;
 * - `missing`: nothing is there;
 * - `symlink`: the file is a link (to anywhere: /etc/passwd is one link away);
 * - `special_file`: a FIFO, socket or device, which could block or stream forever;
 * - `not_a_file`: a folder where a file should be;
 * - `changed`: it was swapped for something else between the check and the open.
 */
export type FolderFileProblem =
  'outside_folder' | 'missing' | 'symlink' | 'special_file' | 'not_a_file' | 'changed';

export class FolderFileError extends Error {
  constructor(
    readonly problem: FolderFileProblem,
    readonly path: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'FolderFileError';
  }
}

// O_NOFOLLOW makes the open itself refuse a link that appeared after the lstat; O_NONBLOCK
// keeps a FIFO swapped in at that moment from hanging the open. Windows has neither flag,
// and the lstat and handle checks below stand alone there.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Opens `relativePath` inside `folder` for reading, only if it is a plain file that lives
 * in the folder itself: no absolute path, no `..`, no linked parent folder, no link, no
 * special file. The check uses lstat (which does not follow links), the open refuses links,
 * and the open handle is checked to be the very file that was checked.
 *
 * `folder` is taken as given by the person who chose it; it may itself be a link.
 */
export async function openFolderFile(folder: string, relativePath: string): Promise<FileHandle> {
  const segments = relativePath.split(/[\\/]/);
  if (isAbsolute(relativePath) || relativePath === '' || segments.includes('..')) {
    throw new FolderFileError('outside_folder', relativePath);
  }
  const root = await realpath(folder);
  const source = join(root, ...segments);
  const parent = await realpath(dirname(source)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
  if (parent === null) throw new FolderFileError('missing', source);
  // A linked folder on the way (onnx -> /somewhere) resolves elsewhere, even when it
  // points back inside: the folder's own layout is the only one trusted.
  if (parent !== dirname(source)) throw new FolderFileError('outside_folder', source);

  const found = await lstat(source).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!found) throw new FolderFileError('missing', source);
  const kind = kindOf(found);
  if (kind) throw new FolderFileError(kind, source);

  let handle: FileHandle;
  try {
    handle = await open(source, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOENT' || code === 'ENXIO') {
      throw new FolderFileError('changed', source);
    }
    throw error;
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== found.ino || opened.dev !== found.dev) {
      throw new FolderFileError('changed', source);
    }
    // O_NOFOLLOW guards only the last name: a parent folder swapped for a link between
    // the first look and the open would have led both lstat and open elsewhere alike.
    if ((await realpath(dirname(source)).catch(() => null)) !== dirname(source)) {
      throw new FolderFileError('changed', source);
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function kindOf(entry: {
  isFile(): boolean;
  isSymbolicLink(): boolean;
  isDirectory(): boolean;
}): FolderFileProblem | null {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'not_a_file';
  if (!entry.isFile()) return 'special_file';
  return null;
}
