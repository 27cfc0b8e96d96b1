/** Runs the README example of the package in `pkgDir` and returns what it printed on stdout. */
export function runReadmeExample(pkgDir: string, index?: number): string;
