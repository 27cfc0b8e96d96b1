"""PyTorch peer of `pnpm bench`: builds a model from aecnn's Keras export and times training and inference.

Driven by bench/src/torch-peer.ts over stdin/stdout, one JSON object per line each way, so that its timed
windows alternate with aecnn's. Layout is NCHW (PyTorch's native one); the architecture, batch, optimizer
(Adam, lr 1e-3) and losses match aecnn's. Its data is its own seeded random batch.
"""

import json
import re
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

ACTIVATIONS = {
    "linear": lambda t: t,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda t: torch.softmax(t, 1),
    "elu": F.elu,
    "selu": F.selu,
    "leaky_relu": F.leaky_relu,
    "leakyrelu": F.leaky_relu,
    "swish": F.silu,
    "gelu": F.gelu,
}


def pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


def activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"torch peer: unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]


class Graph(nn.Module):
    """A Keras functional model's layer list as a PyTorch module (lazy layers infer their input sizes)."""

    def __init__(self, layers):
        super().__init__()
        self.steps = []
        self.mods = nn.ModuleDict()
        for layer in layers:
            kind, name, cfg = layer["class_name"], layer["config"]["name"], layer["config"]
            inputs = [n[0] for node in layer.get("inbound_nodes", []) for n in node]
            mod, fn = self.make(kind, cfg)
            if mod is not None:
                self.mods[name] = mod
            self.steps.append((name, kind, inputs, fn, cfg.get("activation", "linear")))

    def make(self, kind, cfg):
        if kind == "InputLayer":
            return None, None
        if kind == "Conv2D":
            k, s = pair(cfg["kernel_size"]), pair(cfg["strides"])
            pad = (k[0] // 2, k[1] // 2) if cfg["padding"] == "same" else 0
            m = nn.LazyConv2d(cfg["filters"], k, s, pad, bias=cfg.get("use_bias", True))
            return m, m
        if kind == "Conv2DTranspose":
            k, s = pair(cfg["kernel_size"]), pair(cfg["strides"])
            same = cfg["padding"] == "same"
            pad = (k[0] // 2, k[1] // 2) if same else 0
            out_pad = (s[0] - 1, s[1] - 1) if same else 0
            m = nn.LazyConvTranspose2d(cfg["filters"], k, s, pad, out_pad, bias=cfg.get("use_bias", True))
            return m, m
        if kind == "Dense":
            m = nn.LazyLinear(cfg["units"], bias=cfg.get("use_bias", True))
            return m, m
        if kind == "BatchNormalization":
            m = nn.LazyBatchNorm2d(eps=cfg.get("epsilon", 1e-3), momentum=1 - cfg.get("momentum", 0.99))
            return m, lambda t: m(t) if t.dim() == 4 else F.batch_norm(
                t, None, None, training=True)
        if kind == "MaxPooling2D":
            p, s = pair(cfg["pool_size"]), pair(cfg["strides"])
            return None, lambda t: F.max_pool2d(t, p, s, ceil_mode=cfg["padding"] == "same")
        if kind == "AveragePooling2D":
            p, s = pair(cfg["pool_size"]), pair(cfg["strides"])
            return None, lambda t: F.avg_pool2d(t, p, s, ceil_mode=cfg["padding"] == "same")
        if kind == "UpSampling2D":
            return None, lambda t: F.interpolate(t, scale_factor=pair(cfg["size"]), mode="nearest")
        if kind == "Flatten":
            return None, lambda t: torch.flatten(t, 1)
        if kind == "Reshape":
            h, w, c = cfg["target_shape"]
            return None, lambda t: t.reshape(t.shape[0], c, h, w)
        if kind == "Dropout":
            return None, lambda t: F.dropout(t, cfg["rate"], self.training)
        if kind == "GaussianNoise":
            return None, lambda t: t + cfg["stddev"] * torch.randn_like(t) if self.training else t
        if kind == "Activation":
            return None, lambda t: t  # the activation is applied below
        if kind == "Concatenate":
            return None, "concat"
        if kind == "Add":
            return None, "add"
        if kind == "ZeroPadding2D":
            (t_, b_), (l_, r_) = cfg["padding"]
            return None, lambda t: F.pad(t, (l_, r_, t_, b_))
        if kind == "Cropping2D":
            (t_, b_), (l_, r_) = cfg["cropping"]
            return None, lambda t: t[:, :, t_: t.shape[2] - b_, l_: t.shape[3] - r_]
        raise ValueError(f"torch peer: layer kind {kind!r} is not supported")

    def forward(self, x):
        values = {}
        for name, kind, inputs, fn, act in self.steps:
            if fn is None:
                values[name] = x
                continue
            args = [values[i] for i in inputs]
            if fn == "concat":
                out = torch.cat(args, 1)
            elif fn == "add":
                out = sum(args[1:], args[0])
            else:
                out = fn(args[0])
            if act == "softmax":  # keep the logits: the loss is cross-entropy on them
                values[name + ":logits"] = out
            values[name] = activation(act)(out)
        return values


class Peer:
    """One model with its batch, optimizer and losses."""

    def __init__(self, req):
        torch.manual_seed(3)
        self.batch = req["batch"]
        h, w, c = req["inputShape"]
        self.x = torch.rand(self.batch, c, h, w)
        self.y = torch.randint(0, req.get("classes", 10), (self.batch,))
        self.model = Graph(req["layers"])
        self.outputs = req["outputs"]
        with torch.no_grad():
            self.model(self.x)  # materialises the lazy layers
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.params = sum(p.numel() for p in self.model.parameters())

    def loss(self, values):
        total = 0
        for name in self.outputs:
            if name + ":logits" in values:
                total = total + F.cross_entropy(values[name + ":logits"], self.y)
            else:
                total = total + F.mse_loss(values[name], self.x)
        return total

    def train(self, steps, settle):
        self.model.train()
        for i in range(steps):
            if i == settle:
                t0 = time.perf_counter()
            self.opt.zero_grad(set_to_none=True)
            self.loss(self.model(self.x)).backward()
            self.opt.step()
        return self.batch * (steps - settle) / (time.perf_counter() - t0)

    def infer(self, runs):
        self.model.eval()
        with torch.inference_mode():
            self.model(self.x)
            t0 = time.perf_counter()
            for _ in range(runs):
                self.model(self.x)
            return self.batch * runs / (time.perf_counter() - t0)


def matmul_gflops(n=1024, runs=5):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    t0 = time.perf_counter()
    for _ in range(runs):
        a @ b
    return runs * 2 * n**3 / (time.perf_counter() - t0) / 1e9


def blas():
    """torch's BLAS build setting and the BLAS library actually loaded (Debian's is chosen by alternatives)."""
    cfg = torch.__config__.show()
    found = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
    setting = f"BLAS_INFO={found.group(1) if found else 'unknown'}"
    with open("/proc/self/maps") as maps:
        libs = sorted({l.split()[-1] for l in maps if "blas" in l.lower() and l.split()[-1].startswith("/")})
    return f"{setting}; loaded: {', '.join(libs) or 'none'}"


def main():
    peer = None
    for line in sys.stdin:
        req = json.loads(line)
        try:
            kind = req["kind"]
            if kind == "info":
                gf = {}
                for n in (1, 2):
                    torch.set_num_threads(n)
                    gf[n] = matmul_gflops()
                reply = {"torch": torch.__version__, "blas": blas(), "matMulGflops": gf}
            elif kind == "threads":
                torch.set_num_threads(req["n"])
                reply = {"threads": torch.get_num_threads()}
            elif kind == "init":
                peer = Peer(req)
                reply = {"params": peer.params}
            elif kind == "train":
                reply = {"imagesPerSecond": peer.train(req["steps"], req["settle"])}
            elif kind == "infer":
                reply = {"imagesPerSecond": peer.infer(req["runs"])}
            else:
                raise ValueError(f"torch peer: unknown request {kind!r}")
            reply["ok"] = True
        except Exception as e:  # reported to the parent, which names the model
            reply = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
