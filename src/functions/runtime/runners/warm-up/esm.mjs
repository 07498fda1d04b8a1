// The ES module twin of cjs.cjs: warms the ESM loader's path for files, and async handlers.
export const handler = async (event, context) => {
  console.log('warm-up', event.length);
  context.logger.info('warm-up');
  return Buffer.from(String(context.getRemainingTimeInMillis() > 0));
};
