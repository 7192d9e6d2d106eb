;; The two dense-layer loops of per-sample training, in WebAssembly (see dense-kernel.ts).
;;
;; Bit-for-bit the JS engine (network.ts): every sum runs in the same order, starting from +0,
;; and no multiply-add is fused. Two neurons at a time (f64x2) where the lanes are independent
;; sums; where one sum runs across neurons (the delta passed down) the products are taken two at
;; a time but added one by one, in order. Pointers are byte offsets into the imported memory.
;;
;; Compiled by `npm run build:wasm` into dense-wasm.generated.ts; a unit test checks it is current.
(module
  (memory (import "env" "memory") 1)

  ;; z[j] = ((0 + x[0]·W[0,j]) + x[1]·W[1,j] + …) + b[j] for one row: x is n, W is n×m row-major.
  (func (export "forward")
    (param $x i32) (param $W i32) (param $b i32) (param $z i32) (param $n i32) (param $m i32)
    (local $j i32) (local $k i32) (local $w i32) (local $row i32) (local $acc v128) (local $s f64)
    (local.set $row (i32.shl (local.get $m) (i32.const 3)))
    ;; Pairs of neurons: a column pair of W, walked down the rows.
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
          (f64.add (local.get $s) (f64.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3)))))))))

  ;; One plain-SGD step of a layer, from its dL/dz in d (m values) and its input x (n values):
  ;; for each row k of W, first pd[k] = Σ_j d[j]·W[k,j] with the weights as they were (when
  ;; $down is set), then W[k,j] -= lr·(x[k]·d[j]); finally b[j] -= lr·d[j].
  (func (export "sgd")
    (param $x i32) (param $d i32) (param $W i32) (param $b i32) (param $pd i32) (param $n i32) (param $m i32)
    (param $lr f64) (param $down i32)
    (local $j i32) (local $k i32) (local $w i32) (local $s f64) (local $xk f64)
    (local $lr2 v128) (local $xk2 v128) (local $dj v128) (local $wj v128) (local $p v128)
    (local.set $lr2 (f64x2.splat (local.get $lr)))
    (local.set $w (local.get $W))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $xk (f64.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $xk2 (f64x2.splat (local.get $xk)))
        (local.set $s (f64.const 0))
        (local.set $j (i32.const 0))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
            (local.set $dj (v128.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $wj (v128.load (local.get $w)))
            (local.set $p (f64x2.mul (local.get $dj) (local.get $wj)))
            (local.set $s (f64.add (f64.add (local.get $s) (f64x2.extract_lane 0 (local.get $p))) (f64x2.extract_lane 1 (local.get $p))))
            (v128.store (local.get $w)
              (f64x2.sub (local.get $wj) (f64x2.mul (local.get $lr2) (f64x2.mul (local.get $xk2) (local.get $dj)))))
            (local.set $w (i32.add (local.get $w) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $m))
          (then
            (local.set $s
              (f64.add (local.get $s)
                (f64.mul (f64.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))) (f64.load (local.get $w)))))
            (f64.store (local.get $w)
              (f64.sub (f64.load (local.get $w))
                (f64.mul (local.get $lr)
                  (f64.mul (local.get $xk) (f64.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3))))))))
            (local.set $w (i32.add (local.get $w) (i32.const 8)))))
        (if (local.get $down)
          (then (f64.store (i32.add (local.get $pd) (i32.shl (local.get $k) (i32.const 3))) (local.get $s))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $rows)))
    ;; Biases.
    (local.set $j (i32.const 0))
    (block $bias_done
      (loop $bias
        (br_if $bias_done (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $w (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $w)
          (f64.sub (f64.load (local.get $w))
            (f64.mul (local.get $lr) (f64.load (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $bias)))))
