// Prints the one line CI reads, `N passed, N failed`, from Jest's JSON results.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/jest.json';
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`No Jest results in ${file}: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const failedSuites = results.numRuntimeErrorTestSuites ?? 0;
console.log(`${results.numPassedTests} passed, ${results.numFailedTests + failedSuites} failed`);
