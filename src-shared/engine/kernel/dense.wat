;; The dense layers' hot loops in WebAssembly (see dense-kernel.ts): forward sums for one row or
;; many, the sigmoid, gradient sums, the delta passed down, and the fused per-sample SGD step.
;;
;; Bit-for-bit the JS engine (network.ts): every sum runs in the same order, starting from +0,
;; and no multiply-add is fused. Two neurons at a time (f64x2) where the lanes are independent
;; sums; where one sum runs across neurons (the delta passed down) the products are taken two at
;; a time but added one by one, in order. Pointers are byte offsets into the imported memory.
;;
;; Sigmoid layers are finished here too, with $exp: the same steps as ../exp.ts, so e^x has one
;; definition in both languages and does not depend on the engine's Math.exp.
;;
;; Compiled by `npm run build:wasm` into dense-wasm.generated.ts; a unit test checks it is current.
(module
  (memory (import "env" "memory") 1)

  ;; e^x by fdlibm's method, step for step as exp.ts (see there for the why and the constants).
  (func $exp (export "exp") (param $x f64) (result f64)
    (local $ax f64) (local $neg i32) (local $hi f64) (local $lo f64) (local $k i32) (local $t f64) (local $c f64) (local $y f64)
    (local.set $neg (f64.lt (local.get $x) (f64.const 0)))
    (local.set $ax (f64.abs (local.get $x)))
    (if (i32.eqz (f64.lt (local.get $ax) (f64.const 709.7822265625)))
      (then
        (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e2)) (then (return (f64.const inf))))
        (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e2)) (then (return (f64.const 0))))))
    ;; Reduce: x = k·ln2 + (hi - lo).
    (if (f64.ge (local.get $ax) (f64.const 0.3465735912322998))
      (then
        (if (f64.lt (local.get $ax) (f64.const 1.0397205352783203))
          (then
            (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 2.718281828459045))))
            (if (local.get $neg)
              (then
                (local.set $hi (f64.add (local.get $x) (f64.const 6.93147180369123816490e-1)))
                (local.set $lo (f64.const -1.90821492927058770002e-10))
                (local.set $k (i32.const -1)))
              (else
                (local.set $hi (f64.sub (local.get $x) (f64.const 6.93147180369123816490e-1)))
                (local.set $lo (f64.const 1.90821492927058770002e-10))
                (local.set $k (i32.const 1)))))
          (else
            (local.set $k
              (i32.trunc_f64_s
                (f64.add
                  (f64.mul (f64.const 1.4426950408889634) (local.get $x))
                  (select (f64.const -0.5) (f64.const 0.5) (local.get $neg)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-1))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        (if (f64.lt (local.get $ax) (f64.const 3.725290298461914e-9))
          (then (return (f64.add (f64.const 1) (local.get $x)))))))
    ;; e^r ≈ 1 + r + r·c / (2 - c), with c = r - r²·P(r²).
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $c
      (f64.sub (local.get $x)
        (f64.mul (local.get $t)
          (f64.add (f64.const 1.66666666666666019037e-1)
            (f64.mul (local.get $t)
              (f64.add (f64.const -2.77777777770155933842e-3)
                (f64.mul (local.get $t)
                  (f64.add (f64.const 6.61375632143793436117e-5)
                    (f64.mul (local.get $t)
                      (f64.add (f64.const -1.65339022054652515390e-6)
                        (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-8))))))))))))
    (if (i32.eqz (local.get $k))
      (then
        (return
          (f64.sub (f64.const 1)
            (f64.sub
              (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2)))
              (local.get $x))))))
    (local.set $y
      (f64.sub (f64.const 1)
        (f64.sub
          (f64.sub (local.get $lo) (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c))))
          (local.get $hi))))
    ;; Scale by 2^k, built from its exponent bits.
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (if (i32.eq (local.get $k) (i32.const 1024))
          (then (return (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 0x1p1023)))))
        (return (f64.mul (local.get $y) (call $pow2 (local.get $k))))))
    (f64.mul (f64.mul (local.get $y) (call $pow2 (i32.add (local.get $k) (i32.const 1000)))) (f64.const 0x1p-1000)))

  ;; 2^k for -1022 < k < 1024.
  (func $pow2 (param $k i32) (result f64)
    (f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.add (local.get $k) (i32.const 1023))) (i64.const 52))))

  ;; a[j] = 1 / (1 + e^-z[j]), as activations.ts writes the sigmoid: two at a time where both
  ;; values are in the two-lane e^x's range (see there), else one by one with $exp.
  (func $sigmoid (param $z i32) (param $a i32) (param $m i32)
    (local $j i32) (local $o i32) (local $x v128) (local $ax v128) (local $e v128)
    (local $k v128) (local $t v128) (local $hi v128) (local $lo v128) (local $r v128) (local $tt v128) (local $c v128)
    (local $x0 v128) (local $x1 v128) (local $ax0 v128) (local $ax1 v128) (local $e0 v128) (local $e1 v128) (local $k0 v128) (local $k1 v128)
    (local $t0 v128) (local $t1 v128) (local $hi0 v128) (local $hi1 v128) (local $lo0 v128) (local $lo1 v128) (local $r0 v128) (local $r1 v128)
    (local $tt0 v128) (local $tt1 v128) (local $c0 v128) (local $c1 v128)
    ;; Four at a time first (two independent chains for the processor to overlap), for values all
    ;; in the two-lane range (see the pairs below); then pairs, then one.
    (block $quads_done
      (loop $quads
        (br_if $quads_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $m)))
        (local.set $o (i32.shl (local.get $j) (i32.const 3)))
        (local.set $x0 (f64x2.neg (v128.load (i32.add (local.get $z) (local.get $o)))))
        (local.set $x1 (f64x2.neg (v128.load offset=16 (i32.add (local.get $z) (local.get $o)))))
        (local.set $ax0 (f64x2.abs (local.get $x0)))
        (local.set $ax1 (f64x2.abs (local.get $x1)))
        (if (i64x2.all_true
              (v128.and
                (v128.and
                  (v128.and
                    (f64x2.ge (local.get $ax0) (f64x2.splat (f64.const 3.725290298461914e-9)))
                    (f64x2.lt (local.get $ax0) (f64x2.splat (f64.const 700))))
                  (f64x2.ne (local.get $x0) (f64x2.splat (f64.const 1))))
                (v128.and
                  (v128.and
                    (f64x2.ge (local.get $ax1) (f64x2.splat (f64.const 3.725290298461914e-9)))
                    (f64x2.lt (local.get $ax1) (f64x2.splat (f64.const 700))))
                  (f64x2.ne (local.get $x1) (f64x2.splat (f64.const 1))))))
          (then
              (local.set $k0
                (i32x4.trunc_sat_f64x2_s_zero
                  (v128.bitselect
                    (f64x2.add
                      (f64x2.mul (f64x2.splat (f64.const 1.4426950408889634)) (local.get $x0))
                      (v128.bitselect (f64x2.splat (f64.const -0.5)) (f64x2.splat (f64.const 0.5))
                        (f64x2.lt (local.get $x0) (f64x2.splat (f64.const 0)))))
                    (f64x2.splat (f64.const 0))
                    (f64x2.ge (local.get $ax0) (f64x2.splat (f64.const 0.3465735912322998))))))
              (local.set $k1
                (i32x4.trunc_sat_f64x2_s_zero
                  (v128.bitselect
                    (f64x2.add
                      (f64x2.mul (f64x2.splat (f64.const 1.4426950408889634)) (local.get $x1))
                      (v128.bitselect (f64x2.splat (f64.const -0.5)) (f64x2.splat (f64.const 0.5))
                        (f64x2.lt (local.get $x1) (f64x2.splat (f64.const 0)))))
                    (f64x2.splat (f64.const 0))
                    (f64x2.ge (local.get $ax1) (f64x2.splat (f64.const 0.3465735912322998))))))
              (local.set $t0 (f64x2.convert_low_i32x4_s (local.get $k0)))
              (local.set $t1 (f64x2.convert_low_i32x4_s (local.get $k1)))
              (local.set $hi0 (f64x2.sub (local.get $x0) (f64x2.mul (local.get $t0) (f64x2.splat (f64.const 6.93147180369123816490e-1)))))
              (local.set $hi1 (f64x2.sub (local.get $x1) (f64x2.mul (local.get $t1) (f64x2.splat (f64.const 6.93147180369123816490e-1)))))
              (local.set $lo0 (f64x2.mul (local.get $t0) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
              (local.set $lo1 (f64x2.mul (local.get $t1) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
              (local.set $r0 (f64x2.sub (local.get $hi0) (local.get $lo0)))
              (local.set $r1 (f64x2.sub (local.get $hi1) (local.get $lo1)))
              (local.set $tt0 (f64x2.mul (local.get $r0) (local.get $r0)))
              (local.set $tt1 (f64x2.mul (local.get $r1) (local.get $r1)))
              (local.set $c0
                (f64x2.sub (local.get $r0)
                  (f64x2.mul (local.get $tt0)
                    (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-1))
                      (f64x2.mul (local.get $tt0)
                        (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-3))
                          (f64x2.mul (local.get $tt0)
                            (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-5))
                              (f64x2.mul (local.get $tt0)
                                (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-6))
                                  (f64x2.mul (local.get $tt0) (f64x2.splat (f64.const 4.13813679705723846039e-8)))))))))))))
              (local.set $c1
                (f64x2.sub (local.get $r1)
                  (f64x2.mul (local.get $tt1)
                    (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-1))
                      (f64x2.mul (local.get $tt1)
                        (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-3))
                          (f64x2.mul (local.get $tt1)
                            (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-5))
                              (f64x2.mul (local.get $tt1)
                                (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-6))
                                  (f64x2.mul (local.get $tt1) (f64x2.splat (f64.const 4.13813679705723846039e-8)))))))))))))
              (local.set $e0
                (f64x2.mul
                  (f64x2.sub (f64x2.splat (f64.const 1))
                    (f64x2.sub
                      (f64x2.sub (local.get $lo0)
                        (f64x2.div (f64x2.mul (local.get $r0) (local.get $c0)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c0))))
                      (local.get $hi0)))
                  (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (local.get $k0)) (i64x2.splat (i64.const 1023))) (i32.const 52))))
              (local.set $e1
                (f64x2.mul
                  (f64x2.sub (f64x2.splat (f64.const 1))
                    (f64x2.sub
                      (f64x2.sub (local.get $lo1)
                        (f64x2.div (f64x2.mul (local.get $r1) (local.get $c1)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c1))))
                      (local.get $hi1)))
                  (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (local.get $k1)) (i64x2.splat (i64.const 1023))) (i32.const 52))))
            (v128.store (i32.add (local.get $a) (local.get $o))
              (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e0))))
            (v128.store offset=16 (i32.add (local.get $a) (local.get $o))
              (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e1)))))
          (else
            (call $sigmoid1 (i32.add (local.get $z) (local.get $o)) (i32.add (local.get $a) (local.get $o)))
            (call $sigmoid1 (i32.add (local.get $z) (i32.add (local.get $o) (i32.const 8))) (i32.add (local.get $a) (i32.add (local.get $o) (i32.const 8))))
            (call $sigmoid1 (i32.add (local.get $z) (i32.add (local.get $o) (i32.const 16))) (i32.add (local.get $a) (i32.add (local.get $o) (i32.const 16))))
            (call $sigmoid1 (i32.add (local.get $z) (i32.add (local.get $o) (i32.const 24))) (i32.add (local.get $a) (i32.add (local.get $o) (i32.const 24))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $quads)))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
        (local.set $o (i32.shl (local.get $j) (i32.const 3)))
        (local.set $x (f64x2.neg (v128.load (i32.add (local.get $z) (local.get $o)))))
        (local.set $ax (f64x2.abs (local.get $x)))
        (if (i64x2.all_true
              (v128.and
                (v128.and
                  (f64x2.ge (local.get $ax) (f64x2.splat (f64.const 3.725290298461914e-9)))
                  (f64x2.lt (local.get $ax) (f64x2.splat (f64.const 700))))
                (f64x2.ne (local.get $x) (f64x2.splat (f64.const 1)))))
          (then
            ;; e^x on both lanes, by $exp's general path. For 2^-28 ≤ |x| < 700 and x ≠ 1 that path
            ;; gives what every other branch gives, term for term, once k is what $exp picks: k = ±1
            ;; for |x| up to 1.5·ln2 (the rounding below gives that), and k = 0 below $exp's
            ;; threshold, which sits a little above ln2/2 where the rounding would already say ±1.
            (local.set $k
              (i32x4.trunc_sat_f64x2_s_zero
                (v128.bitselect
                  (f64x2.add
                    (f64x2.mul (f64x2.splat (f64.const 1.4426950408889634)) (local.get $x))
                    (v128.bitselect (f64x2.splat (f64.const -0.5)) (f64x2.splat (f64.const 0.5))
                      (f64x2.lt (local.get $x) (f64x2.splat (f64.const 0)))))
                  (f64x2.splat (f64.const 0))
                  (f64x2.ge (local.get $ax) (f64x2.splat (f64.const 0.3465735912322998))))))
            (local.set $t (f64x2.convert_low_i32x4_s (local.get $k)))
            (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $t) (f64x2.splat (f64.const 6.93147180369123816490e-1)))))
            (local.set $lo (f64x2.mul (local.get $t) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
            (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
            (local.set $tt (f64x2.mul (local.get $r) (local.get $r)))
            (local.set $c
              (f64x2.sub (local.get $r)
                (f64x2.mul (local.get $tt)
                  (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-1))
                    (f64x2.mul (local.get $tt)
                      (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-3))
                        (f64x2.mul (local.get $tt)
                          (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-5))
                            (f64x2.mul (local.get $tt)
                              (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-6))
                                (f64x2.mul (local.get $tt) (f64x2.splat (f64.const 4.13813679705723846039e-8)))))))))))))
            (local.set $e
              (f64x2.mul
                (f64x2.sub (f64x2.splat (f64.const 1))
                  (f64x2.sub
                    (f64x2.sub (local.get $lo)
                      (f64x2.div (f64x2.mul (local.get $r) (local.get $c)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c))))
                    (local.get $hi)))
                ;; 2^k from its exponent bits.
                (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (local.get $k)) (i64x2.splat (i64.const 1023))) (i32.const 52))))
            (v128.store (i32.add (local.get $a) (local.get $o))
              (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e)))))
          (else
            (call $sigmoid1 (i32.add (local.get $z) (local.get $o)) (i32.add (local.get $a) (local.get $o)))
            (call $sigmoid1 (i32.add (local.get $z) (i32.add (local.get $o) (i32.const 8))) (i32.add (local.get $a) (i32.add (local.get $o) (i32.const 8))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $j) (local.get $m))
      (then
        (local.set $o (i32.shl (local.get $j) (i32.const 3)))
        (call $sigmoid1 (i32.add (local.get $z) (local.get $o)) (i32.add (local.get $a) (local.get $o))))))

  ;; *a = 1 / (1 + e^-(*z)).
  (func $sigmoid1 (param $z i32) (param $a i32)
    (f64.store (local.get $a)
      (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (f64.load (local.get $z))))))))

  ;; z[j] = ((0 + x[0]·W[0,j]) + x[1]·W[1,j] + …) + b[j] for one row: x is n, W is n×m row-major;
  ;; with $sigmoid set, also a = sigmoid(z) (other activations are applied in JS).
  (func $forward (export "forward")
    (param $x i32) (param $W i32) (param $b i32) (param $z i32) (param $n i32) (param $m i32) (param $a i32) (param $sigmoid i32)
    (local $j i32) (local $k i32) (local $w i32) (local $row i32) (local $acc v128) (local $acc2 v128) (local $xk v128) (local $s f64)
    (local.set $row (i32.shl (local.get $m) (i32.const 3)))
    ;; Four neurons at a time: two column pairs of W walked down the rows, two running sums.
    (block $quads_done
      (loop $quads
        (br_if $quads_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $m)))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $acc2 (f64x2.splat (f64.const 0)))
        (local.set $w (i32.add (local.get $W) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $k (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $xk (v128.load64_splat (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $xk) (v128.load (local.get $w)))))
            (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $xk) (v128.load offset=16 (local.get $w)))))
            (local.set $w (i32.add (local.get $w) (local.get $row)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $rows)))
        (local.set $w (i32.shl (local.get $j) (i32.const 3)))
        (v128.store (i32.add (local.get $z) (local.get $w))
          (f64x2.add (local.get $acc) (v128.load (i32.add (local.get $b) (local.get $w)))))
        (v128.store offset=16 (i32.add (local.get $z) (local.get $w))
          (f64x2.add (local.get $acc2) (v128.load offset=16 (i32.add (local.get $b) (local.get $w)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $quads)))
    ;; Then pairs: a column pair of W, walked down the rows.
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $w (i32.add (local.get $W) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $k (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $acc
              (f64x2.add (local.get $acc)
                (f64x2.mul
                  (v128.load64_splat (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 3))))
                  (v128.load (local.get $w)))))
            (local.set $w (i32.add (local.get $w) (local.get $row)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $rows)))
        (v128.store
          (i32.add (local.get $z) (i32.shl (local.get $j) (i32.const 3)))
          (f64x2.add (local.get $acc) (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairs)))
    ;; The last neuron of an odd-sized layer.
    (if (i32.lt_u (local.get $j) (local.get $m))
      (then
        (local.set $s (f64.const 0))
        (local.set $w (i32.add (local.get $W) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $k (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $s
              (f64.add (local.get $s)
                (f64.mul
                  (f64.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 3))))
                  (f64.load (local.get $w)))))
            (local.set $w (i32.add (local.get $w) (local.get $row)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $rows)))
        (f64.store
          (i32.add (local.get $z) (i32.shl (local.get $j) (i32.const 3)))
          (f64.add (local.get $s) (f64.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))))))
    (if (local.get $sigmoid) (then (call $sigmoid (local.get $z) (local.get $a) (local.get $m)))))

  ;; One plain-SGD step of a layer, from its dL/dz in d (m values) and its input x (n values):
  ;; for each row k of W, first s = Σ_j d[j]·W[k,j] with the weights as they were, then
  ;; W[k,j] -= lr·(x[k]·d[j]); finally b[j] -= lr·d[j]. The sums go down to the previous layer:
  ;; $down 0 keeps them, 1 writes pd[k] = s, 2 writes pd[k] = s·x[k]·(1 - x[k]) — the sigmoid's
  ;; slope, since x is that layer's output. Rows go two at a time: two independent running sums.
  (func (export "sgd")
    (param $x i32) (param $d i32) (param $W i32) (param $b i32) (param $pd i32) (param $n i32) (param $m i32)
    (param $lr f64) (param $down i32)
    (local $k i32) (local $j i32) (local $w0 i32) (local $w1 i32) (local $row i32) (local $s0 f64) (local $s1 f64)
    (local $dj v128) (local $wa v128) (local $wb v128) (local $pa v128) (local $pb v128)
    (local $xa v128) (local $xb v128) (local $lr2 v128) (local $dd f64)
    (local.set $row (i32.shl (local.get $m) (i32.const 3)))
    (local.set $lr2 (f64x2.splat (local.get $lr)))
    (local.set $w0 (local.get $W))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.gt_u (i32.add (local.get $k) (i32.const 2)) (local.get $n)))
        ;; Rows k and k+1 (at w0 and w1), inputs xa and xb, sums s0 and s1.
        (local.set $w1 (i32.add (local.get $w0) (local.get $row)))
        (local.set $xa (v128.load64_splat (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $xb (v128.load64_splat (i32.add (local.get $x) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 3)))))
        (local.set $s0 (f64.const 0))
        (local.set $s1 (f64.const 0))
        (local.set $j (i32.const 0))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
            (local.set $dj (v128.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $wa (v128.load (local.get $w0)))
            (local.set $wb (v128.load (local.get $w1)))
            (local.set $pa (f64x2.mul (local.get $dj) (local.get $wa)))
            (local.set $pb (f64x2.mul (local.get $dj) (local.get $wb)))
            (local.set $s0 (f64.add (f64.add (local.get $s0) (f64x2.extract_lane 0 (local.get $pa))) (f64x2.extract_lane 1 (local.get $pa))))
            (local.set $s1 (f64.add (f64.add (local.get $s1) (f64x2.extract_lane 0 (local.get $pb))) (f64x2.extract_lane 1 (local.get $pb))))
            (v128.store (local.get $w0) (f64x2.sub (local.get $wa) (f64x2.mul (local.get $lr2) (f64x2.mul (local.get $xa) (local.get $dj)))))
            (v128.store (local.get $w1) (f64x2.sub (local.get $wb) (f64x2.mul (local.get $lr2) (f64x2.mul (local.get $xb) (local.get $dj)))))
            (local.set $w0 (i32.add (local.get $w0) (i32.const 16)))
            (local.set $w1 (i32.add (local.get $w1) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $m))
          (then
            (local.set $dd (f64.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $dd) (f64.load (local.get $w0)))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $dd) (f64.load (local.get $w1)))))
            (f64.store (local.get $w0)
              (f64.sub (f64.load (local.get $w0)) (f64.mul (local.get $lr) (f64.mul (f64x2.extract_lane 0 (local.get $xa)) (local.get $dd)))))
            (f64.store (local.get $w1)
              (f64.sub (f64.load (local.get $w1)) (f64.mul (local.get $lr) (f64.mul (f64x2.extract_lane 0 (local.get $xb)) (local.get $dd)))))
            (local.set $w1 (i32.add (local.get $w1) (i32.const 8)))))
        (if (local.get $down)
          (then
            (if (i32.eq (local.get $down) (i32.const 2))
              (then
                (local.set $s0
                  (f64.mul (f64.mul (local.get $s0) (f64x2.extract_lane 0 (local.get $xa))) (f64.sub (f64.const 1) (f64x2.extract_lane 0 (local.get $xa)))))
                (local.set $s1
                  (f64.mul (f64.mul (local.get $s1) (f64x2.extract_lane 0 (local.get $xb))) (f64.sub (f64.const 1) (f64x2.extract_lane 0 (local.get $xb)))))))
            (f64.store (i32.add (local.get $pd) (i32.shl (local.get $k) (i32.const 3))) (local.get $s0))
            (f64.store (i32.add (local.get $pd) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 3))) (local.get $s1))))
        (local.set $w0 (local.get $w1))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $rows)))
    ;; The last row of an odd count.
    (if (i32.lt_u (local.get $k) (local.get $n))
      (then
        (local.set $s0
          (call $row1 (f64.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 3)))) (local.get $d) (local.get $w0) (local.get $m) (local.get $lr)))
        (if (local.get $down) (then (call $down (local.get $x) (local.get $pd) (local.get $k) (local.get $s0) (local.get $down))))))
    ;; Biases.
    (local.set $j (i32.const 0))
    (block $bias_done
      (loop $bias
        (br_if $bias_done (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $w0 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $w0)
          (f64.sub (f64.load (local.get $w0))
            (f64.mul (local.get $lr) (f64.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $bias))))

  ;; What "sgd" passes down for row k (see there).
  (func $down (param $x i32) (param $pd i32) (param $k i32) (param $s f64) (param $mode i32)
    (local $xk f64)
    (if (i32.eqz (local.get $mode)) (then (return)))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $xk (f64.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $s (f64.mul (f64.mul (local.get $s) (local.get $xk)) (f64.sub (f64.const 1) (local.get $xk))))))
    (f64.store (i32.add (local.get $pd) (i32.shl (local.get $k) (i32.const 3))) (local.get $s)))

  ;; One row of "sgd": returns Σ_j d[j]·w[j] (before) and applies w[j] -= lr·(xk·d[j]).
  (func $row1 (param $xk f64) (param $d i32) (param $w i32) (param $m i32) (param $lr f64) (result f64)
    (local $j i32) (local $s f64) (local $dj v128) (local $wj v128) (local $p v128) (local $xk2 v128) (local $lr2 v128) (local $dd f64)
    (local.set $xk2 (f64x2.splat (local.get $xk)))
    (local.set $lr2 (f64x2.splat (local.get $lr)))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
        (local.set $dj (v128.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $wj (v128.load (local.get $w)))
        (local.set $p (f64x2.mul (local.get $dj) (local.get $wj)))
        (local.set $s (f64.add (f64.add (local.get $s) (f64x2.extract_lane 0 (local.get $p))) (f64x2.extract_lane 1 (local.get $p))))
        (v128.store (local.get $w) (f64x2.sub (local.get $wj) (f64x2.mul (local.get $lr2) (f64x2.mul (local.get $xk2) (local.get $dj)))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $j) (local.get $m))
      (then
        (local.set $dd (f64.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $dd) (f64.load (local.get $w)))))
        (f64.store (local.get $w) (f64.sub (f64.load (local.get $w)) (f64.mul (local.get $lr) (f64.mul (local.get $xk) (local.get $dd)))))))
    (local.get $s))

  ;; "forward" for `rows` rows one after another: x is rows×n, z and a are rows×m.
  (func (export "forward_rows")
    (param $x i32) (param $W i32) (param $b i32) (param $z i32) (param $n i32) (param $m i32) (param $a i32) (param $sigmoid i32)
    (param $rows i32)
    (local $r i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (call $forward (local.get $x) (local.get $W) (local.get $b) (local.get $z) (local.get $n) (local.get $m) (local.get $a) (local.get $sigmoid))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
        (local.set $z (i32.add (local.get $z) (i32.shl (local.get $m) (i32.const 3))))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $m) (i32.const 3))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; A layer's gradient over `rows` rows, as Network.backward sums it: gW = x.T @ d and gb = d
  ;; summed over the rows (row after row, from +0), then both times $scale unless it is 1.
  ;; x is rows×n, d is rows×m, gW is n×m.
  (func (export "grad")
    (param $x i32) (param $d i32) (param $gW i32) (param $gb i32) (param $n i32) (param $m i32) (param $rows i32) (param $scale f64)
    (local $r i32) (local $k i32) (local $j i32) (local $w i32) (local $dr i32) (local $xk f64) (local $xk2 v128)
    (memory.fill (local.get $gW) (i32.const 0) (i32.shl (i32.mul (local.get $n) (local.get $m)) (i32.const 3)))
    (memory.fill (local.get $gb) (i32.const 0) (i32.shl (local.get $m) (i32.const 3)))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $dr (i32.add (local.get $d) (i32.shl (i32.mul (local.get $r) (local.get $m)) (i32.const 3))))
        (local.set $w (local.get $gW))
        (local.set $k (i32.const 0))
        (block $k_done
          (loop $k_loop
            (br_if $k_done (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $xk (f64.load (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $n)) (local.get $k)) (i32.const 3)))))
            (local.set $xk2 (f64x2.splat (local.get $xk)))
            (local.set $j (i32.const 0))
            (block $pairs_done
              (loop $pairs
                (br_if $pairs_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
                (v128.store (local.get $w)
                  (f64x2.add (v128.load (local.get $w))
                    (f64x2.mul (local.get $xk2) (v128.load (i32.add (local.get $dr) (i32.shl (local.get $j) (i32.const 3)))))))
                (local.set $w (i32.add (local.get $w) (i32.const 16)))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $pairs)))
            (if (i32.lt_u (local.get $j) (local.get $m))
              (then
                (f64.store (local.get $w)
                  (f64.add (f64.load (local.get $w))
                    (f64.mul (local.get $xk) (f64.load (i32.add (local.get $dr) (i32.shl (local.get $j) (i32.const 3)))))))
                (local.set $w (i32.add (local.get $w) (i32.const 8)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $k_loop)))
        (call $accumulate (local.get $gb) (local.get $dr) (local.get $m))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop)))
    (if (f64.ne (local.get $scale) (f64.const 1))
      (then
        (call $scale (local.get $gW) (i32.mul (local.get $n) (local.get $m)) (local.get $scale))
        (call $scale (local.get $gb) (local.get $m) (local.get $scale)))))

  ;; s[j] += d[j] for m values.
  (func $accumulate (param $s i32) (param $d i32) (param $m i32)
    (local $j i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $m)))
        (f64.store (local.get $s) (f64.add (f64.load (local.get $s)) (f64.load (local.get $d))))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (local.set $d (i32.add (local.get $d) (i32.const 8)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next))))

  ;; v[i] *= c for count values.
  (func $scale (param $v i32) (param $count i32) (param $c f64)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (f64.store (local.get $v) (f64.mul (f64.load (local.get $v)) (local.get $c)))
        (local.set $v (i32.add (local.get $v) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; What a layer passes down over `rows` rows: pd[r,k] = Σ_j d[r,j]·W[k,j], j in order from +0
  ;; (the previous layer's activation slope is applied in JS). d is rows×m, pd is rows×n. Rows of
  ;; W two at a time: two independent running sums.
  (func (export "down")
    (param $d i32) (param $W i32) (param $pd i32) (param $n i32) (param $m i32) (param $rows i32)
    (local $r i32) (local $k i32) (local $j i32) (local $w0 i32) (local $w1 i32) (local $dr i32) (local $row i32)
    (local $s0 f64) (local $s1 f64) (local $dj v128) (local $pa v128) (local $pb v128) (local $dd f64)
    (local.set $row (i32.shl (local.get $m) (i32.const 3)))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $dr (i32.add (local.get $d) (i32.mul (local.get $r) (local.get $row))))
        (local.set $w0 (local.get $W))
        (local.set $k (i32.const 0))
        (block $k_done
          (loop $k_loop
            (br_if $k_done (i32.ge_u (local.get $k) (local.get $n)))
            ;; Rows k and k+1 of W when there are two left, else row k alone (w1 then unused).
            (local.set $w1 (i32.add (local.get $w0) (local.get $row)))
            (local.set $s0 (f64.const 0))
            (local.set $s1 (f64.const 0))
            (local.set $j (i32.const 0))
            (block $pairs_done
              (loop $pairs
                (br_if $pairs_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
                (local.set $dj (v128.load (i32.add (local.get $dr) (i32.shl (local.get $j) (i32.const 3)))))
                (local.set $pa (f64x2.mul (local.get $dj) (v128.load (local.get $w0))))
                (local.set $s0 (f64.add (f64.add (local.get $s0) (f64x2.extract_lane 0 (local.get $pa))) (f64x2.extract_lane 1 (local.get $pa))))
                (if (i32.lt_u (i32.add (local.get $k) (i32.const 1)) (local.get $n))
                  (then
                    (local.set $pb (f64x2.mul (local.get $dj) (v128.load (local.get $w1))))
                    (local.set $s1 (f64.add (f64.add (local.get $s1) (f64x2.extract_lane 0 (local.get $pb))) (f64x2.extract_lane 1 (local.get $pb))))))
                (local.set $w0 (i32.add (local.get $w0) (i32.const 16)))
                (local.set $w1 (i32.add (local.get $w1) (i32.const 16)))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $pairs)))
            (if (i32.lt_u (local.get $j) (local.get $m))
              (then
                (local.set $dd (f64.load (i32.add (local.get $dr) (i32.shl (local.get $j) (i32.const 3)))))
                (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $dd) (f64.load (local.get $w0)))))
                (if (i32.lt_u (i32.add (local.get $k) (i32.const 1)) (local.get $n))
                  (then (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $dd) (f64.load (local.get $w1)))))))
                (local.set $w1 (i32.add (local.get $w1) (i32.const 8)))))
            (f64.store (i32.add (local.get $pd) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $n)) (local.get $k)) (i32.const 3))) (local.get $s0))
            (if (i32.lt_u (i32.add (local.get $k) (i32.const 1)) (local.get $n))
              (then
                (f64.store (i32.add (local.get $pd) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $n)) (i32.add (local.get $k) (i32.const 1))) (i32.const 3)))
                  (local.get $s1))))
            ;; w1 now sits at the start of row k+2.
            (local.set $w0 (local.get $w1))
            (local.set $k (i32.add (local.get $k) (i32.const 2)))
            (br $k_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop))))
)
