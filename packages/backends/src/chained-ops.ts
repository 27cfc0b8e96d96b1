// Side effect: adds tfjs-core's chained tensor methods (x.reshape(), x.flatten(), ...) to its Tensor class,
// which tfjs-core alone does not do in Node. Import it before using @tensorflow/tfjs-layers with tfjs-core.
import '../generated/register-chained-ops.js';
