// A function the Node runner loads and calls before saying READY, so the code paths of a first
// call (CommonJS loader, context, logging, result) are compiled before a real first call.
exports.handler = (event, context) => {
  console.log('warm-up', event.length);
  context.logger.info('warm-up');
  return { warm: context.getRemainingTimeInMillis() > 0 };
};
