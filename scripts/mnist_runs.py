"""Helpers shared by the MNIST accuracy scripts (accuracy_vs_steps.py,
mnist_accuracy_table.py): running the tools, reading snn-run's accuracy, and
finding the test images."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCALE = "0.00392156862745098"  # uint8 pixels to [0, 1], as in training


def run(cmd, **kwargs):
    """Runs `cmd`; its stdout, or exit with its stderr on failure."""
    result = subprocess.run(cmd, check=False, capture_output=True, text=True,
                            **kwargs)
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{result.stderr}")
    return result.stdout


def accuracy_of(output):
    """The accuracy (%) in snn-run's summary."""
    match = re.search(r"^accuracy: ([0-9.]+)%", output, re.M)
    if not match:
        sys.exit(f"error: no accuracy in snn-run's output:\n{output}")
    return float(match.group(1))


def test_data(build, images, work):
    """(images.npy, labels.npy): the bundled 1,000 test images, or for more
    the whole MNIST test set (fetched into BUILD/mnist, converted into
    WORK)."""
    if images <= 1000:
        return (os.path.join(ROOT, "examples/mnist/test-1000-images.npy"),
                os.path.join(ROOT, "examples/mnist/test-1000-labels.npy"))
    mnist = os.path.join(build, "mnist")
    run(["bash", os.path.join(ROOT, "scripts/fetch_mnist.sh"), mnist])
    run(["/usr/bin/python3", os.path.join(ROOT, "scripts/make_mnist_subset.py"),
         "--mnist", mnist, "--n", "0", "--out", work])
    return (os.path.join(work, "test-10000-images.npy"),
            os.path.join(work, "test-10000-labels.npy"))
