// The candle store benchmark lives beside the store (it needs its SQL and
// test schema helpers); this makes `npm run bench -- store` find it.
export { benchmark } from '../common/store/store.bench.js';
