# PyTorch cross-check of netgeom robustness --attack fgsm/pgd (L-inf, no random start, step eps/4,
# 10 steps, clipped to [0, 1]) on the first 2000 Fashion-MNIST test images:
#   /usr/bin/python3 examples/bmd/pytorch_attacks.py runs/mlp/model.safetensors   (from the checkout root)
import gzip, sys, numpy as np, torch
sys.path.insert(0, "examples/python")
import netgeom_torch
model = netgeom_torch.load(sys.argv[1])
model = model[0] if isinstance(model, tuple) else model
model.eval()
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)[:2000].astype(np.float32) / 255
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz") as f:
    y = np.frombuffer(f.read(), np.uint8, offset=8)[:2000].astype(np.int64)
x, y = torch.tensor(x), torch.tensor(y)
def grad(z):
    z = z.clone().requires_grad_(True)
    torch.nn.functional.cross_entropy(model(z), y, reduction="sum").backward()
    return z.grad
acc = lambda z: (model(z).argmax(1) == y).float().mean().item()
print("clean", acc(x))
for eps in [0.01, 0.02, 0.05, 0.1]:
    fgsm = (x + eps * grad(x).sign()).clamp(0, 1)
    z = x.clone()
    for _ in range(10):
        z = z + eps / 4 * grad(z).sign()
        z = torch.min(torch.max(z, x - eps), x + eps).clamp(0, 1)
    print(f"eps {eps}: fgsm {acc(fgsm):.4f} pgd {acc(z):.4f}")
