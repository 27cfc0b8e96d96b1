// Side effect: registers every gradient that tfjs-core defines (see scripts/gen-gradients.mjs for why
// they are bundled), then our own overrides on top.
import '../generated/register-gradients.js';
import { registerConv2DGradient } from './conv2d-grad';

registerConv2DGradient();
