import { test } from 'node:test';
import { FAKE_BACKEND_JAR, requireJar, SIDECAR_JAR } from './support/sidecarJars';

// The other integration suites stop in their `before` hooks when a jar is missing, which the runner
// counts as "cancelled"; this test makes the cause a plain failure with the command that fixes it.
test('the sidecar and fake-backend jars are built', () => {
  requireJar(SIDECAR_JAR);
  requireJar(FAKE_BACKEND_JAR);
});
