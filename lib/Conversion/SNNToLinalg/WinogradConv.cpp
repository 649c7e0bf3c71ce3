//===- WinogradConv.cpp - 3x3 convolutions by Winograd's F(2x2, 3x3) ------===//
//
// Part of snn-mlir.
//
// --snn-winograd-conv: a dense 3x3 convolution with stride 1 and a constant
// filter, outside any loop (an ANN's layer), computes each 2x2 block of its
// output from a 4x4 block of its input with 16 multiply-adds per input and
// output channel instead of 36 (Winograd's minimal filtering, F(2x2, 3x3)):
//
//   V = B^T d B (the input block), U = G g G^T (the filter, transformed
//   when compiling), M = V . U (16 matrix products over the channels),
//   out += A^T M A.
//
// The input and output transforms are vector loops emitted here; the 16
// products are one linalg.generic (a batch of matrix products) that
// snn-vectorize-contractions tiles like any other. See Passes.td for the
// conditions and docs/LOWERING.md for the measurements.
//
//===----------------------------------------------------------------------===//

#include "ConstantData.h"
#include "SNN/Conversion/Passes.h"
#include "SNN/Conversion/SNNToLinalg/SNNToLinalg.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Threading.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

#include <array>
#include <cstring>
#include <vector>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNWINOGRADCONVPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;

namespace {
/// A convolution to rewrite: out[n, y, x, f] += in[n, y + i, x + j, c] *
/// filter[i, j, c, f] over i, j < 3 and c.
struct Conv {
  linalg::GenericOp op;
  memref::GlobalOp filter;
  int64_t n, oh, ow, c, f;
};
} // namespace

/// Whether the body of `op` is `out + a * b` (either order of each).
static bool isMultiplyAdd(linalg::GenericOp op) {
  Block *body = op.getBody();
  if (body->getOperations().size() != 3)
    return false;
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value out = body->getArguments().back();
  Value product = add.getLhs() == out ? add.getRhs() : add.getLhs();
  if (add.getLhs() != out && add.getRhs() != out)
    return false;
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return false;
  Value a = body->getArgument(0), b = body->getArgument(1);
  return (mul.getLhs() == a && mul.getRhs() == b) ||
         (mul.getLhs() == b && mul.getRhs() == a);
}

static bool hasUnitInnerStride(Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

/// `op` as a convolution to rewrite, if it is one and passes the options'
/// thresholds.
static std::optional<Conv> match(linalg::GenericOp op, SymbolTable &symbols,
                                 int64_t vectorWidth, int64_t minChannels,
                                 int64_t minTiles) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != 7)
    return std::nullopt;
  // Straight-line code only (not a loop's body: an SNN's step).
  if (op->getParentOfType<LoopLikeOpInterface>())
    return std::nullopt;
  using utils::IteratorType;
  SmallVector<IteratorType> iterators = op.getIteratorTypesArray();
  IteratorType p = IteratorType::parallel, r = IteratorType::reduction;
  if (iterators != SmallVector<IteratorType>{p, p, p, r, r, r, p})
    return std::nullopt;
  MLIRContext *ctx = op.getContext();
  AffineExpr d[7];
  bindDims(ctx, d[0], d[1], d[2], d[3], d[4], d[5], d[6]);
  auto mapOf = [&](ArrayRef<AffineExpr> results) {
    return AffineMap::get(7, 0, results, ctx);
  };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[0] != mapOf({d[0], d[1] + d[3], d[2] + d[4], d[5]}) ||
      maps[1] != mapOf({d[3], d[4], d[5], d[6]}) ||
      maps[2] != mapOf({d[0], d[1], d[2], d[6]}) || !isMultiplyAdd(op))
    return std::nullopt;
  std::optional<SmallVector<int64_t>> bounds = op.getStaticLoopRanges();
  if (!bounds || llvm::any_of(*bounds, ShapedType::isDynamic))
    return std::nullopt;
  Conv conv{op,           nullptr,      (*bounds)[0], (*bounds)[1],
            (*bounds)[2], (*bounds)[5], (*bounds)[6]};
  if ((*bounds)[3] != 3 || (*bounds)[4] != 3 || conv.oh % 2 || conv.ow % 2 ||
      conv.c % vectorWidth || conv.f % vectorWidth ||
      std::min(conv.c, conv.f) < minChannels ||
      conv.n * conv.oh * conv.ow / 4 < minTiles)
    return std::nullopt;
  for (OpOperand &operand : op->getOpOperands())
    if (!cast<MemRefType>(operand.get().getType()).getElementType().isF32() ||
        !hasUnitInnerStride(operand.get()))
      return std::nullopt;
  // The filter: a constant global, read whole.
  auto get =
      op.getDpsInputOperand(1)->get().getDefiningOp<memref::GetGlobalOp>();
  if (!get || !get.getType().getLayout().isIdentity())
    return std::nullopt;
  auto global = symbols.lookup<memref::GlobalOp>(get.getName());
  if (!global || !global.getConstant() || !global.getInitialValue())
    return std::nullopt;
  std::optional<snn::ConstantBytes> bytes =
      snn::getConstantBytes(*global.getInitialValue());
  if (!bytes || int64_t(bytes->data.size()) !=
                    9 * conv.c * conv.f * int64_t(sizeof(float)))
    return std::nullopt;
  conv.filter = global;
  return conv;
}

/// U = G g G^T for every pair of channels, G = [1 0 0; 1/2 1/2 1/2;
/// 1/2 -1/2 1/2; 0 0 1]: `out` is [16][c][f] (row a * 4 + b of U), `in`
/// the HWCF filter. In double, rounded once.
static void transformFilter(MLIRContext *ctx, const float *in, float *out,
                            int64_t c, int64_t f) {
  static const double g[4][3] = {
      {1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
  int64_t plane = c * f;
  parallelFor(ctx, 0, c, [&](size_t ci) {
    for (int64_t fi = 0; fi < f; ++fi) {
      double w[3][3];
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
          w[i][j] = in[(i * 3 + j) * plane + ci * f + fi];
      for (int a = 0; a < 4; ++a) {
        double row[3];
        for (int j = 0; j < 3; ++j)
          row[j] = g[a][0] * w[0][j] + g[a][1] * w[1][j] + g[a][2] * w[2][j];
        for (int b = 0; b < 4; ++b)
          out[(a * 4 + b) * plane + ci * f + fi] =
              float(row[0] * g[b][0] + row[1] * g[b][1] + row[2] * g[b][2]);
      }
    }
  });
}

namespace {
struct SNNWinogradConvPass
    : public snn::impl::SNNWinogradConvPassBase<SNNWinogradConvPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    int64_t width = vectorWidth > 0 ? int64_t(vectorWidth)
                                    : snn::getHostVectorDefaults().width;
    SmallVector<Conv> convs;
    module.walk([&](linalg::GenericOp op) {
      if (std::optional<Conv> conv =
              match(op, symbols, width, minChannels, minTiles))
        convs.push_back(*conv);
    });
    // One transformed filter per filter global.
    llvm::DenseMap<Operation *, memref::GlobalOp> transformed;
    for (Conv &conv : convs) {
      memref::GlobalOp &global = transformed[conv.filter];
      if (!global)
        global = transformFilterGlobal(symbols, conv);
      rewrite(conv, global, width);
      ++numRewritten;
    }
    // Filters no longer read.
    for (auto [old, global] : transformed)
      if (SymbolTable::symbolKnownUseEmpty(cast<memref::GlobalOp>(old), module))
        symbols.erase(old);
  }

  memref::GlobalOp transformFilterGlobal(SymbolTable &symbols, Conv &conv) {
    std::optional<snn::ConstantBytes> bytes =
        snn::getConstantBytes(*conv.filter.getInitialValue());
    size_t size = 16 * conv.c * conv.f * sizeof(float);
    AsmResourceBlob blob = snn::allocateBlob(size);
    std::vector<float> in(9 * conv.c * conv.f);
    std::memcpy(in.data(), bytes->data.data(), in.size() * sizeof(float));
    transformFilter(&getContext(), in.data(),
                    reinterpret_cast<float *>(blob.getMutableData().data()),
                    conv.c, conv.f);
    Type f32 = Float32Type::get(&getContext());
    auto tensorType = RankedTensorType::get({16, conv.c, conv.f}, f32);
    std::string name = (conv.filter.getSymName() + "_winograd").str();
    ElementsAttr value =
        DenseResourceElementsAttr::get(tensorType, name, std::move(blob));
    OpBuilder b(conv.filter);
    auto global = memref::GlobalOp::create(
        b, conv.filter.getLoc(), name, b.getStringAttr("private"),
        MemRefType::get({16, conv.c, conv.f}, f32), value, /*constant=*/true,
        b.getI64IntegerAttr(64));
    symbols.insert(global);
    return global;
  }

  void rewrite(Conv &conv, memref::GlobalOp filter, int64_t width) {
    linalg::GenericOp op = conv.op;
    OpBuilder b(op);
    Location loc = op.getLoc();
    MLIRContext *ctx = &getContext();
    Type f32 = b.getF32Type();
    Value in = op.getDpsInputOperand(0)->get();
    Value out = op.getDpsInitOperand(0)->get();
    int64_t th = conv.oh / 2, tw = conv.ow / 2, tiles = conv.n * th * tw;
    // Index constants, made once before the loops.
    llvm::SmallDenseMap<int64_t, Value> constants;
    OpBuilder top(op);
    auto index = [&](int64_t v) -> Value {
      Value &constant = constants[v];
      if (!constant)
        constant = arith::ConstantIndexOp::create(top, loc, v);
      return constant;
    };
    auto vecType = VectorType::get({width}, f32);
    auto vType = MemRefType::get({16, tiles, conv.c}, f32);
    auto mType = MemRefType::get({16, tiles, conv.f}, f32);
    Value v = memref::AllocOp::create(b, loc, vType, b.getI64IntegerAttr(64));
    top.setInsertionPoint(v.getDefiningOp());
    Value m = memref::AllocOp::create(b, loc, mType, b.getI64IntegerAttr(64));

    // Loops over the tile rows (n, ty), parallel with threads, then the tile
    // columns and the channels by vectors. Calls `body(n, y0, x0, tile, ch)`
    // with the first output row and column of the tile, its index and the
    // channel.
    auto tileLoops =
        [&](int64_t channels,
            function_ref<void(Value, Value, Value, Value, Value)> body) {
          OpBuilder::InsertionGuard guard(b);
          Value rowsCount = index(conv.n * th), one = index(1), zero = index(0);
          Value rowIv;
          if (parallel) {
            auto loop =
                scf::ParallelOp::create(b, loc, ValueRange{zero},
                                        ValueRange{rowsCount}, ValueRange{one});
            b.setInsertionPointToStart(loop.getBody());
            rowIv = loop.getInductionVars()[0];
          } else {
            auto loop = scf::ForOp::create(b, loc, zero, rowsCount, one);
            b.setInsertionPointToStart(loop.getBody());
            rowIv = loop.getInductionVar();
          }
          Value nIv = arith::DivUIOp::create(b, loc, rowIv, index(th));
          Value ty = arith::RemUIOp::create(b, loc, rowIv, index(th));
          Value y0 = arith::MulIOp::create(b, loc, ty, index(2));
          auto cols = scf::ForOp::create(b, loc, zero, index(tw), one);
          b.setInsertionPointToStart(cols.getBody());
          Value tx = cols.getInductionVar();
          Value x0 = arith::MulIOp::create(b, loc, tx, index(2));
          Value tile = arith::AddIOp::create(
              b, loc, arith::MulIOp::create(b, loc, rowIv, index(tw)), tx);
          auto chans =
              scf::ForOp::create(b, loc, zero, index(channels), index(width));
          b.setInsertionPointToStart(chans.getBody());
          body(nIv, y0, x0, tile, chans.getInductionVar());
        };
    auto add = [&](Value x, Value y) -> Value {
      return arith::AddFOp::create(b, loc, x, y);
    };
    auto sub = [&](Value x, Value y) -> Value {
      return arith::SubFOp::create(b, loc, x, y);
    };

    // V = B^T d B, B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]: rows,
    // then columns.
    tileLoops(conv.c, [&](Value n, Value y0, Value x0, Value tile, Value ch) {
      std::array<std::array<Value, 4>, 4> d, t;
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
          Value y = arith::AddIOp::create(b, loc, y0, index(i));
          Value x = arith::AddIOp::create(b, loc, x0, index(j));
          d[i][j] = vector::LoadOp::create(b, loc, vecType, in,
                                           ValueRange{n, y, x, ch});
        }
      for (int j = 0; j < 4; ++j) {
        t[0][j] = sub(d[0][j], d[2][j]);
        t[1][j] = add(d[1][j], d[2][j]);
        t[2][j] = sub(d[2][j], d[1][j]);
        t[3][j] = sub(d[1][j], d[3][j]);
      }
      for (int a = 0; a < 4; ++a) {
        Value row[4] = {sub(t[a][0], t[a][2]), add(t[a][1], t[a][2]),
                        sub(t[a][2], t[a][1]), sub(t[a][1], t[a][3])};
        for (int bi = 0; bi < 4; ++bi)
          vector::StoreOp::create(b, loc, row[bi], v,
                                  ValueRange{index(a * 4 + bi), tile, ch});
      }
    });

    // M = V . U: 16 matrix products, one op.
    Value u = memref::GetGlobalOp::create(b, loc, filter.getType(),
                                          filter.getSymName());
    Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
    linalg::FillOp::create(b, loc, zeroF, m);
    AffineExpr ab, t, c, f;
    bindDims(ctx, ab, t, c, f);
    SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {ab, t, c}, ctx),
                                   AffineMap::get(4, 0, {ab, c, f}, ctx),
                                   AffineMap::get(4, 0, {ab, t, f}, ctx)};
    using utils::IteratorType;
    SmallVector<IteratorType> iterators = {
        IteratorType::parallel, IteratorType::parallel, IteratorType::reduction,
        IteratorType::parallel};
    linalg::GenericOp::create(
        b, loc, ValueRange{v, u}, ValueRange{m}, maps, iterators,
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          Value product = arith::MulFOp::create(nb, nloc, args[0], args[1]);
          Value sum = arith::AddFOp::create(nb, nloc, args[2], product);
          linalg::YieldOp::create(nb, nloc, sum);
        });

    // out += A^T M A, A^T = [1 1 1 0; 0 1 -1 -1].
    tileLoops(conv.f, [&](Value n, Value y0, Value x0, Value tile, Value ch) {
      std::array<std::array<Value, 4>, 4> mv;
      for (int a = 0; a < 4; ++a)
        for (int bi = 0; bi < 4; ++bi)
          mv[a][bi] = vector::LoadOp::create(
              b, loc, vecType, m, ValueRange{index(a * 4 + bi), tile, ch});
      std::array<std::array<Value, 4>, 2> s;
      for (int bi = 0; bi < 4; ++bi) {
        s[0][bi] = add(add(mv[0][bi], mv[1][bi]), mv[2][bi]);
        s[1][bi] = sub(sub(mv[1][bi], mv[2][bi]), mv[3][bi]);
      }
      for (int i = 0; i < 2; ++i) {
        Value row[2] = {add(add(s[i][0], s[i][1]), s[i][2]),
                        sub(sub(s[i][1], s[i][2]), s[i][3])};
        Value y = arith::AddIOp::create(b, loc, y0, index(i));
        for (int j = 0; j < 2; ++j) {
          Value x = arith::AddIOp::create(b, loc, x0, index(j));
          SmallVector<Value> at = {n, y, x, ch};
          Value old = vector::LoadOp::create(b, loc, vecType, out, at);
          vector::StoreOp::create(b, loc, add(old, row[j]), out, at);
        }
      }
    });
    memref::DeallocOp::create(b, loc, v);
    memref::DeallocOp::create(b, loc, m);
    Operation *oldFilter = op.getDpsInputOperand(1)->get().getDefiningOp();
    op.erase();
    if (oldFilter->use_empty())
      oldFilter->erase();
  }
};
} // namespace
