;; aecnn's SIMD kernels for the tfjs wasm backend. They run on tfjs-backend-wasm's own memory (imported), so they
;; read and write tensors in place of the backend's kernels: no copies. Every pointer is a byte offset into that
;; memory; every tensor is float32. Assembled at build time by scripts/gen-simd.mjs (wabt).
(module
  (import "env" "memory" (memory 1))

  ;; One Adam step over n values, in the order of tfjs-core's AdamOptimizer (so results match it bit for bit):
  ;;   m' = m·b1 + g·c1;  v' = v·b2 + (g·g)·c2;  p' = ((m' / a1) / (sqrt(v' / a2) + eps))·nlr + p
  ;; with c1 = 1 - beta1, c2 = 1 - beta2, a1 = 1 - beta1^t, a2 = 1 - beta2^t, nlr = -learningRate.
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $outP i32) (param $outM i32) (param $outV i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
    (param $a1 f32) (param $a2 f32) (param $eps f32) (param $nlr f32)
    (local $off i32) (local $end i32) (local $vecEnd i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vecEnd (i32.and (local.get $end) (i32.const -16)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $off) (local.get $vecEnd)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))
        (local.set $mv
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $off))) (f32x4.splat (local.get $b1)))
            (f32x4.mul (local.get $gv) (f32x4.splat (local.get $c1)))))
        (local.set $vv
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $off))) (f32x4.splat (local.get $b2)))
            (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $c2)))))
        (v128.store (i32.add (local.get $outM) (local.get $off)) (local.get $mv))
        (v128.store (i32.add (local.get $outV) (local.get $off)) (local.get $vv))
        (v128.store (i32.add (local.get $outP) (local.get $off))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mv) (f32x4.splat (local.get $a1)))
                (f32x4.add
                  (f32x4.sqrt (f32x4.div (local.get $vv) (f32x4.splat (local.get $a2))))
                  (f32x4.splat (local.get $eps))))
              (f32x4.splat (local.get $nlr)))
            (v128.load (i32.add (local.get $p) (local.get $off)))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $off))))
        (local.set $ms
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $off))) (local.get $b1))
            (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $vs
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $off))) (local.get $b2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $outM) (local.get $off)) (local.get $ms))
        (f32.store (i32.add (local.get $outV) (local.get $off)) (local.get $vs))
        (f32.store (i32.add (local.get $outP) (local.get $off))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $a1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $a2))) (local.get $eps)))
              (local.get $nlr))
            (f32.load (i32.add (local.get $p) (local.get $off)))))
        (local.set $off (i32.add (local.get $off) (i32.const 4)))
        (br $tail))))

  ;; out = dy where y > 0, else 0 (the gradient of relu through its output y), over n values.
  (func (export "relu_grad") (param $dy i32) (param $y i32) (param $out i32) (param $n i32)
    (local $off i32) (local $end i32) (local $vecEnd i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vecEnd (i32.and (local.get $end) (i32.const -16)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $off) (local.get $vecEnd)))
        (v128.store (i32.add (local.get $out) (local.get $off))
          (v128.and
            (v128.load (i32.add (local.get $dy) (local.get $off)))
            (f32x4.gt (v128.load (i32.add (local.get $y) (local.get $off))) (v128.const f32x4 0 0 0 0))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $off) (local.get $end)))
        (f32.store (i32.add (local.get $out) (local.get $off))
          (select
            (f32.load (i32.add (local.get $dy) (local.get $off)))
            (f32.const 0)
            (f32.gt (f32.load (i32.add (local.get $y) (local.get $off))) (f32.const 0))))
        (local.set $off (i32.add (local.get $off) (i32.const 4)))
        (br $tail))))

  ;; Gradient of a max pool over non-overlapping ph x pw windows (strides = window, valid padding) of x
  ;; [b, h, w, c] (c a multiple of 4): each window's dy goes to its first maximum in row-major order, as
  ;; TensorFlow's MaxPoolGrad; every other value of out [b, h, w, c] is 0 (rows and columns no window covers too).
  (func (export "window_max_grad")
    (param $x i32) (param $dy i32) (param $out i32)
    (param $b i32) (param $h i32) (param $w i32) (param $c i32) (param $ph i32) (param $pw i32)
    (local $oh i32) (local $ow i32) (local $cb i32) (local $rowB i32) (local $imgB i32)
    (local $n i32) (local $i i32) (local $j i32) (local $ch i32) (local $r i32) (local $s i32)
    (local $win i32) (local $pos i32) (local $dyp i32)
    (local $mx v128) (local $found v128) (local $d v128) (local $eq v128)
    (local.set $oh (i32.div_u (local.get $h) (local.get $ph)))
    (local.set $ow (i32.div_u (local.get $w) (local.get $pw)))
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowB (i32.mul (local.get $w) (local.get $cb)))
    (local.set $imgB (i32.mul (local.get $h) (local.get $rowB)))
    (if (i32.or
          (i32.ne (i32.mul (local.get $oh) (local.get $ph)) (local.get $h))
          (i32.ne (i32.mul (local.get $ow) (local.get $pw)) (local.get $w)))
      (then (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $b) (local.get $imgB)))))
    (local.set $dyp (local.get $dy))
    (local.set $n (i32.const 0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_u (local.get $n) (local.get $b)))
      (local.set $i (i32.const 0))
      (block $iDone (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $oh)))
        (local.set $j (i32.const 0))
        (block $jDone (loop $jLoop
          (br_if $jDone (i32.ge_u (local.get $j) (local.get $ow)))
          ;; byte offset of the window's top-left value, the same in x and out
          (local.set $win
            (i32.add
              (i32.add
                (i32.mul (local.get $n) (local.get $imgB))
                (i32.mul (i32.mul (local.get $i) (local.get $ph)) (local.get $rowB)))
              (i32.mul (i32.mul (local.get $j) (local.get $pw)) (local.get $cb))))
          (local.set $ch (i32.const 0))
          (block $chDone (loop $chLoop
            (br_if $chDone (i32.ge_u (local.get $ch) (local.get $cb)))
            ;; pass 1: the window's maximum, four channels at a time
            (local.set $mx (v128.load (i32.add (local.get $x) (i32.add (local.get $win) (local.get $ch)))))
            (local.set $r (i32.const 0))
            (block $r1Done (loop $r1Loop
              (br_if $r1Done (i32.ge_u (local.get $r) (local.get $ph)))
              (local.set $s (i32.const 0))
              (block $s1Done (loop $s1Loop
                (br_if $s1Done (i32.ge_u (local.get $s) (local.get $pw)))
                (local.set $pos
                  (i32.add (i32.add (local.get $win) (local.get $ch))
                    (i32.add (i32.mul (local.get $r) (local.get $rowB)) (i32.mul (local.get $s) (local.get $cb)))))
                (local.set $mx (f32x4.max (local.get $mx) (v128.load (i32.add (local.get $x) (local.get $pos)))))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $s1Loop)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $r1Loop)))
            ;; pass 2: dy to the first position equal to the maximum, 0 elsewhere
            (local.set $d (v128.load (local.get $dyp)))
            (local.set $dyp (i32.add (local.get $dyp) (i32.const 16)))
            (local.set $found (v128.const i32x4 0 0 0 0))
            (local.set $r (i32.const 0))
            (block $r2Done (loop $r2Loop
              (br_if $r2Done (i32.ge_u (local.get $r) (local.get $ph)))
              (local.set $s (i32.const 0))
              (block $s2Done (loop $s2Loop
                (br_if $s2Done (i32.ge_u (local.get $s) (local.get $pw)))
                (local.set $pos
                  (i32.add (i32.add (local.get $win) (local.get $ch))
                    (i32.add (i32.mul (local.get $r) (local.get $rowB)) (i32.mul (local.get $s) (local.get $cb)))))
                (local.set $eq
                  (v128.andnot
                    (f32x4.eq (v128.load (i32.add (local.get $x) (local.get $pos))) (local.get $mx))
                    (local.get $found)))
                (v128.store (i32.add (local.get $out) (local.get $pos)) (v128.and (local.get $d) (local.get $eq)))
                (local.set $found (v128.or (local.get $found) (local.get $eq)))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $s2Loop)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $r2Loop)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
            (br $chLoop)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))
;; Depth-to-space with a crop, and back. inner [b, m, m2, s1·s2·f] holds, at channel block p·s2 + q of (i, j), the
  ;; value of outer [b, oh, ow, f] at (i·s1 + p, j·s2 + q); positions past oh x ow are dropped (toOuter = 1) or
  ;; read as 0 (toOuter = 0: the gradient, outer → inner). f floats a pixel, moved 4 at a time, then one by one.
;; Copies n bytes (a multiple of 4) from src to dst, 16 at a time, then 4 at a time.
  (func $move (param $dst i32) (param $src i32) (param $n i32)
    (local $k i32) (local $vecEnd i32)
    (local.set $vecEnd (i32.and (local.get $n) (i32.const -16)))
    (block $vDone (loop $vLoop
      (br_if $vDone (i32.ge_u (local.get $k) (local.get $vecEnd)))
      (v128.store (i32.add (local.get $dst) (local.get $k)) (v128.load (i32.add (local.get $src) (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $vLoop)))
    (block $sDone (loop $sLoop
      (br_if $sDone (i32.ge_u (local.get $k) (local.get $n)))
      (i32.store (i32.add (local.get $dst) (local.get $k)) (i32.load (i32.add (local.get $src) (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $sLoop))))

  ;; Depth-to-space with a crop, and back. inner [b, m, m2, s1·s2·f] holds, at channel block p·s2 + q of (i, j), the
  ;; value of outer [b, oh, ow, f] at (i·s1 + p, j·s2 + q); positions past oh x ow are dropped (toOuter = 1) or
  ;; read as 0 (toOuter = 0: the gradient, outer → inner). For a given p the blocks q = 0..s2-1 of an inner pixel
  ;; are one run of s2·f floats in both layouts, so each (n, i, p, j) is one copy.
  (func (export "depth_to_space")
    (param $inner i32) (param $outer i32) (param $toOuter i32)
    (param $b i32) (param $m i32) (param $m2 i32) (param $s1 i32) (param $s2 i32) (param $f i32)
    (param $oh i32) (param $ow i32)
    (local $fb i32) (local $runB i32) (local $pixB i32) (local $n i32) (local $i i32) (local $p i32) (local $j i32)
    (local $row i32) (local $cols i32) (local $bytes i32) (local $src i32) (local $dst i32) (local $outRow i32)
    (local.set $fb (i32.shl (local.get $f) (i32.const 2)))
    (local.set $runB (i32.mul (local.get $s2) (local.get $fb)))
    (local.set $pixB (i32.mul (local.get $s1) (local.get $runB)))
    (local.set $n (i32.const 0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_u (local.get $n) (local.get $b)))
      (local.set $i (i32.const 0))
      (block $iDone (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $p (i32.const 0))
        (block $pDone (loop $pLoop
          (br_if $pDone (i32.ge_u (local.get $p) (local.get $s1)))
          (local.set $row (i32.add (i32.mul (local.get $i) (local.get $s1)) (local.get $p)))
          (local.set $outRow
            (i32.add (local.get $outer)
              (i32.mul
                (i32.mul (i32.add (i32.mul (local.get $n) (local.get $oh)) (local.get $row)) (local.get $ow))
                (local.get $fb))))
          ;; run p of inner pixel (n, i, 0)
          (local.set $src
            (i32.add (local.get $inner)
              (i32.add
                (i32.mul (i32.mul (i32.add (i32.mul (local.get $n) (local.get $m)) (local.get $i)) (local.get $m2))
                  (local.get $pixB))
                (i32.mul (local.get $p) (local.get $runB)))))
          (local.set $j (i32.const 0))
          (block $jDone (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $j) (local.get $m2)))
            (if (i32.lt_u (local.get $row) (local.get $oh))
              (then
                ;; the last column block may be cropped: min(s2, ow - j·s2) pixels
                (local.set $cols (i32.sub (local.get $ow) (i32.mul (local.get $j) (local.get $s2))))
                (if (i32.gt_u (local.get $cols) (local.get $s2)) (then (local.set $cols (local.get $s2))))
                (local.set $bytes (i32.mul (local.get $cols) (local.get $fb)))
                (local.set $dst (i32.add (local.get $outRow) (i32.mul (i32.mul (local.get $j) (local.get $s2)) (local.get $fb))))
                (if (local.get $toOuter)
                  (then (call $move (local.get $dst) (local.get $src) (local.get $bytes)))
                  (else
                    (call $move (local.get $src) (local.get $dst) (local.get $bytes))
                    (memory.fill (i32.add (local.get $src) (local.get $bytes)) (i32.const 0)
                      (i32.sub (local.get $runB) (local.get $bytes))))))
              (else
                (if (i32.eqz (local.get $toOuter))
                  (then (memory.fill (local.get $src) (i32.const 0) (local.get $runB))))))
            (local.set $src (i32.add (local.get $src) (local.get $pixB)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jLoop)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $pLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; The kernel gradient of a conv from its (already padded) input xp [b, hp, wp, inC] and dz [b, oh, ow, outC]
  ;; (outC a multiple of 16), valid geometry with strides sh, sw: for row r = (th·kw + tw)·inC + ci of
  ;; out [kh·kw·inC, outC], out[r, co] = Σ over n, y, x of xp[n, y·sh + th, x·sw + tw, ci] · dz[n, y, x, co].
  ;; Two rows and 16 channels at a time (8 accumulators), one pass over the positions each; an odd last row is
  ;; computed twice and stored once.
  (func (export "patch_kernel_grad")
    (param $x i32) (param $dz i32) (param $out i32)
    (param $b i32) (param $hp i32) (param $wp i32) (param $inC i32)
    (param $oh i32) (param $ow i32) (param $outC i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (local $rows i32) (local $r i32) (local $r1 i32) (local $off0 i32) (local $off1 i32)
    (local $cb i32) (local $co i32) (local $xStep i32) (local $xRow i32) (local $xImg i32) (local $yStep i32)
    (local $n i32) (local $y i32) (local $i i32) (local $img i32) (local $row i32) (local $xb i32) (local $dzp i32)
    (local $a0 v128) (local $a1 v128) (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $rows (i32.mul (i32.mul (local.get $kh) (local.get $kw)) (local.get $inC)))
    (local.set $cb (i32.shl (local.get $outC) (i32.const 2)))
    (local.set $xRow (i32.shl (i32.mul (local.get $wp) (local.get $inC)) (i32.const 2)))
    (local.set $xImg (i32.mul (local.get $hp) (local.get $xRow)))
    (local.set $xStep (i32.shl (i32.mul (local.get $sw) (local.get $inC)) (i32.const 2)))
    (local.set $yStep (i32.mul (local.get $sh) (local.get $xRow)))
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $r1 (i32.add (local.get $r) (i32.const 1)))
      (if (i32.ge_u (local.get $r1) (local.get $rows)) (then (local.set $r1 (local.get $r))))
      (local.set $off0 (call $rowOffset (local.get $r) (local.get $kw) (local.get $inC) (local.get $xRow)))
      (local.set $off1 (call $rowOffset (local.get $r1) (local.get $kw) (local.get $inC) (local.get $xRow)))
      (local.set $co (i32.const 0))
      (block $coDone (loop $coLoop
        (br_if $coDone (i32.ge_u (local.get $co) (local.get $cb)))
        (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0))
        (local.set $s02 (v128.const i32x4 0 0 0 0)) (local.set $s03 (v128.const i32x4 0 0 0 0))
        (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0))
        (local.set $s12 (v128.const i32x4 0 0 0 0)) (local.set $s13 (v128.const i32x4 0 0 0 0))
        (local.set $dzp (i32.add (local.get $dz) (local.get $co)))
        (local.set $img (local.get $x))
        (local.set $n (i32.const 0))
        (block $nDone (loop $nLoop
          (br_if $nDone (i32.ge_u (local.get $n) (local.get $b)))
          (local.set $row (local.get $img))
          (local.set $y (i32.const 0))
          (block $yDone (loop $yLoop
            (br_if $yDone (i32.ge_u (local.get $y) (local.get $oh)))
            (local.set $xb (local.get $row))
            (local.set $i (local.get $ow))
            (loop $xLoop
              (local.set $a0 (v128.load32_splat (i32.add (local.get $xb) (local.get $off0))))
              (local.set $a1 (v128.load32_splat (i32.add (local.get $xb) (local.get $off1))))
              (local.set $d0 (v128.load (local.get $dzp)))
              (local.set $d1 (v128.load offset=16 (local.get $dzp)))
              (local.set $d2 (v128.load offset=32 (local.get $dzp)))
              (local.set $d3 (v128.load offset=48 (local.get $dzp)))
              (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $a0) (local.get $d0))))
              (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $a0) (local.get $d1))))
              (local.set $s02 (f32x4.add (local.get $s02) (f32x4.mul (local.get $a0) (local.get $d2))))
              (local.set $s03 (f32x4.add (local.get $s03) (f32x4.mul (local.get $a0) (local.get $d3))))
              (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $a1) (local.get $d0))))
              (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $a1) (local.get $d1))))
              (local.set $s12 (f32x4.add (local.get $s12) (f32x4.mul (local.get $a1) (local.get $d2))))
              (local.set $s13 (f32x4.add (local.get $s13) (f32x4.mul (local.get $a1) (local.get $d3))))
              (local.set $xb (i32.add (local.get $xb) (local.get $xStep)))
              (local.set $dzp (i32.add (local.get $dzp) (local.get $cb)))
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br_if $xLoop (local.get $i)))
            (local.set $row (i32.add (local.get $row) (local.get $yStep)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $yLoop)))
          (local.set $img (i32.add (local.get $img) (local.get $xImg)))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br $nLoop)))
        ;; rows r1 then r: for an odd last row (r1 = r) both store the same sums
        (local.set $xb (i32.add (i32.add (local.get $out) (i32.mul (local.get $r1) (local.get $cb))) (local.get $co)))
        (v128.store (local.get $xb) (local.get $s10))
        (v128.store offset=16 (local.get $xb) (local.get $s11))
        (v128.store offset=32 (local.get $xb) (local.get $s12))
        (v128.store offset=48 (local.get $xb) (local.get $s13))
        (local.set $xb (i32.add (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $cb))) (local.get $co)))
        (v128.store (local.get $xb) (local.get $s00))
        (v128.store offset=16 (local.get $xb) (local.get $s01))
        (v128.store offset=32 (local.get $xb) (local.get $s02))
        (v128.store offset=48 (local.get $xb) (local.get $s03))
        (local.set $co (i32.add (local.get $co) (i32.const 64)))
        (br $coLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 2)))
      (br $rLoop))))

  ;; Byte offset, within a patch, of row r = (th·kw + tw)·inC + ci: th·xRow + (tw·inC + ci)·4.
  (func $rowOffset (param $r i32) (param $kw i32) (param $inC i32) (param $xRow i32) (result i32)
    (local $perRow i32)
    (local.set $perRow (i32.mul (local.get $kw) (local.get $inC)))
    (i32.add
      (i32.mul (i32.div_u (local.get $r) (local.get $perRow)) (local.get $xRow))
      (i32.shl (i32.rem_u (local.get $r) (local.get $perRow)) (i32.const 2))))

  ;; Zero padding of x [b, h, w, c] into out [b, h + top + bottom, w + left + right, c].
  (func (export "pad_spatial")
    (param $x i32) (param $out i32) (param $b i32) (param $h i32) (param $w i32) (param $c i32)
    (param $top i32) (param $bottom i32) (param $left i32) (param $right i32)
    (local $rowB i32) (local $outRowB i32) (local $hp i32) (local $n i32) (local $y i32) (local $src i32) (local $dst i32)
    (local.set $rowB (i32.shl (i32.mul (local.get $w) (local.get $c)) (i32.const 2)))
    (local.set $outRowB
      (i32.shl
        (i32.mul (i32.add (i32.add (local.get $w) (local.get $left)) (local.get $right)) (local.get $c))
        (i32.const 2)))
    (local.set $hp (i32.add (i32.add (local.get $h) (local.get $top)) (local.get $bottom)))
    (memory.fill (local.get $out) (i32.const 0)
      (i32.mul (i32.mul (local.get $b) (local.get $hp)) (local.get $outRowB)))
    (local.set $src (local.get $x))
    (local.set $n (i32.const 0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_u (local.get $n) (local.get $b)))
      (local.set $dst
        (i32.add (local.get $out)
          (i32.add
            (i32.mul (i32.add (i32.mul (local.get $n) (local.get $hp)) (local.get $top)) (local.get $outRowB))
            (i32.shl (i32.mul (local.get $left) (local.get $c)) (i32.const 2)))))
      (local.set $y (i32.const 0))
      (block $yDone (loop $yLoop
        (br_if $yDone (i32.ge_u (local.get $y) (local.get $h)))
        (memory.copy (local.get $dst) (local.get $src) (local.get $rowB))
        (local.set $src (i32.add (local.get $src) (local.get $rowB)))
        (local.set $dst (i32.add (local.get $dst) (local.get $outRowB)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $yLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))
)
