/**
 * Findings kvet makes about its own analysis (source `tool`): where a bound cut the path
 * search short, the reader learns that the absence of findings there means less.
 */
import { defineRule } from './define-rule.js';

export const ANALYSIS_NOTES = defineRule({
  id: 'kvet-analysis',
  meta: {
    kind: 'style',
    category: 'other',
    severity: 'note',
    confidence: 'high',
    requires: ['cfg'],
    docs: {
      description: 'Notes about the analysis itself: functions whose paths were not all explored.',
      references: [],
      limitations: 'Not a defect report.',
    },
    messages: {
      truncated: 'Analysis of {{fn}}() stopped after {{paths}} paths (bound reached); findings on its remaining paths may be missing.',
    },
  },
});
