// Test helper: picks a backend once per test file, through @aecnn/backends (which also registers gradients).
import { useBackend } from '@aecnn/backends';

/** Activates `name` (default cpu) for the tests of one file. */
export async function backend(name: 'cpu' | 'wasm' = 'cpu'): Promise<void> {
  await useBackend(name);
}
