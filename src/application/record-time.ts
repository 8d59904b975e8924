/** Record times for the use cases and pages: the pure functions live in the core (the verifier needs them too). */
export { formatRecordTime, shanghaiDate } from '../core/record-time.ts';
