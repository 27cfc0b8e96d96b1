import '@aecnn/backends/chained-ops';
import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
await useBackend('wasm');
const N=64, M=N*676;
const x = tf.randomUniform([N,28,28,1]);
const base = tf.randomNormal([N,26,26,32]);
const tap = (()=>{const v=new Float32Array(81); for(let t=0;t<9;t++) v[t*9+t]=1; return tf.tensor4d(v,[3,3,1,9]);})();
const P = tf.reshape(tf.depthwiseConv2d(x,tap,1,'valid'),[M,9]);
const PT = tf.transpose(P);
const cases = {
  cbf: (dz)=>tf.engine().runKernel('Conv2DBackpropFilter',{x,dy:dz},{strides:[1,1],pad:'valid',dataFormat:'NHWC',filterShape:[3,3,1,32]}),
  a_PtransA: (dz)=>tf.matMul(P, tf.reshape(dz,[M,32]), true, false),
  a2_PT_dz: (dz)=>tf.matMul(PT, tf.reshape(dz,[M,32])),
  b_dzT_P: (dz)=>tf.matMul(tf.reshape(dz,[M,32]), P, true, false),
  d_batched: (dz)=>tf.sum(tf.matMul(tf.reshape(PT,[9,N,676]).transpose ? tf.transpose(tf.reshape(P,[N,676,9]),[0,2,1]) : null, tf.reshape(dz,[N,676,32])),0),
  e_chunks8: (dz)=>{const d=tf.reshape(dz,[8,M/8,32]); const p=tf.reshape(PT,[9,8,M/8]); let acc=null; for(let i=0;i<8;i++){const r=tf.matMul(tf.reshape(tf.slice(p,[0,i,0],[9,1,M/8]),[9,M/8]), tf.reshape(tf.slice(d,[i,0,0],[1,M/8,32]),[M/8,32])); acc=acc?tf.add(acc,r):r;} return acc;},
  f_conv1x1: (dz)=>null,
};
delete cases.f_conv1x1;
const names=Object.keys(cases); const t={}; for(const n of names) t[n]=[];
for(let r=0;r<10;r++) for(const n of names){ const dz=tf.add(base, r*0.01); const t0=performance.now(); const o=tf.tidy(()=>cases[n](dz)); o.dataSync(); t[n].push(performance.now()-t0); tf.dispose([o,dz]); }
const ref = tf.reshape(cases.cbf(base),[9,32]);
for(const n of names){const s=t[n].slice(2).sort((a,b)=>a-b); const o=tf.tidy(()=>cases[n](base)); const oo = o.shape[0]===32? tf.transpose(o): tf.reshape(o,[9,32]); console.log(n.padEnd(12), 'median', s[4].toFixed(2),'min', s[0].toFixed(2), 'maxdiff', tf.max(tf.abs(tf.sub(oo,ref))).dataSync()[0]);}
