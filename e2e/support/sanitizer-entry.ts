/** Bundled by e2e/sanitizer.spec.ts into a page of its own: the app's sanitizer and the cases it must pass. */
import { sanitizerKind, setSanitizedHtml } from '../../src-renderer/src/features/chat/markdown/sanitize';
import {
  outsideAllowList,
  PARSER_TRICKS,
  SANITIZER_CASES,
} from '../../src-renderer/src/features/chat/markdown/sanitize.test-data';

Object.assign(globalThis, {
  sanitizerUnderTest: { sanitizerKind, setSanitizedHtml, outsideAllowList, PARSER_TRICKS, SANITIZER_CASES },
});
