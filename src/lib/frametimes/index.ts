export { MAX_CAPTURE_BYTES, MIN_CAPTURE_SECONDS } from './limits.ts';
export { summarizeFrameTimes, nearestRank, type FrameTimeSummary } from './metrics.ts';
export { readCapture, type Capture, type CaptureFormat, type CaptureOutcome, type CaptureReading, type CaptureRefusal } from './read.ts';
export { chartSeries, CHART_POINTS } from './chart-series.ts';
