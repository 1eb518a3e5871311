package org.netgeom.nn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;

/**
 * A network as a list of layers that maps one to one onto PyTorch modules. Two spellings:
 * <ul>
 *   <li>a layer list, e.g. {@code conv:32k3p1,relu,maxpool:2,flatten,linear:10}: an
 *       {@code nn.Module} whose attribute {@code layers} is the {@code nn.Sequential} of the list,
 *       so the state_dict keys are {@code layers.{j}.weight} with j the item's index (items
 *       without parameters keep their index);</li>
 *   <li>a named model, {@code resnet18}, {@code resnet20}, {@code allcnn} or {@code lenet5},
 *       optionally with a width multiplier ({@code resnet18:w0.5}). The ResNets carry
 *       torchvision's names ({@code conv1}, {@code layer1.0.conv1}, {@code fc}); allcnn and
 *       lenet5 are layer lists and named as such.</li>
 * </ul>
 * Tokens: {@code conv:C[kK][sS][pP][nb]} (kernel 3, stride 1, padding 0 by default; {@code nb}:
 * no bias), {@code maxpool:K}, {@code avgpool:K} (stride K), {@code gap}, {@code bn},
 * {@code relu|tanh|gelu}, {@code dropout:P}, {@code flatten}, {@code linear:N},
 * {@code block:C[sS]} (a residual basic block). See docs/methods/networks.md.
 */
public record Network(String architecture, List<NamedLayer> layers) {
    /** The named models, for messages and help. */
    public static final List<String> NAMED = List.of("resnet18", "resnet20", "allcnn", "lenet5");

    private static final Pattern CONV = Pattern.compile("conv:(\\d+)((?:[ksp]\\d+)*)(nb)?");
    private static final Pattern CONV_OPTION = Pattern.compile("([ksp])(\\d+)");
    private static final Pattern BLOCK = Pattern.compile("block:(\\d+)(?:s(\\d+))?");
    private static final Pattern NAMED_MODEL = Pattern.compile("([a-z]+\\d*)(?::w([0-9]*\\.?[0-9]+))?");

    public Network {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) throw new InvalidInputException("a network needs at least one layer");
    }

    /** Whether {@code text} is a layer list or a named model rather than an MLP ("784-256-10") or random features ("rf:P"). */
    public static boolean isNetworkSpec(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT);
        if (key.startsWith("rf:")) return false;
        return key.contains(":") || key.contains(",") || NAMED.contains(key);
    }

    /**
     * A layer list, or a named model with {@code classes} outputs (a layer list's outputs are
     * what its last layer gives; {@link NetworkDescription} reports them).
     */
    public static Network parse(String text, int classes) {
        if (classes < 1) throw new InvalidInputException("classes must be >= 1, got " + classes);
        String spec = text.trim().toLowerCase(Locale.ROOT);
        Matcher named = NAMED_MODEL.matcher(spec);
        if (named.matches() && NAMED.contains(named.group(1))) {
            double width = named.group(2) == null ? 1 : Double.parseDouble(named.group(2));
            return named(named.group(1), width, classes);
        }
        if (named.matches() && !spec.contains(",") && !isLayerToken(spec)) {
            throw new InvalidInputException("unknown model '" + text + "': use a named model (" + String.join(", ", NAMED)
                    + "), a layer list like conv:32k3p1,relu,maxpool:2,flatten,linear:10, or an MLP like 784-256-10");
        }
        return layerList(spec);
    }

    /** A layer list; its output count is whatever its last layer gives. */
    public static Network layerList(String text) {
        String[] tokens = text.trim().toLowerCase(Locale.ROOT).split(",", -1);
        List<NamedLayer> layers = new ArrayList<>();
        for (int j = 0; j < tokens.length; j++) {
            layers.add(new NamedLayer("layers." + j, parseToken(tokens[j].trim(), j)));
        }
        return new Network(String.join(",", layers.stream().map(l -> l.layer().token()).toList()), layers);
    }

    private static boolean isLayerToken(String token) {
        try {
            parseToken(token, 0);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static Layer parseToken(String token, int index) {
        Matcher conv = CONV.matcher(token);
        if (conv.matches()) {
            int kernel = 3;
            int stride = 1;
            int padding = 0;
            boolean[] seen = new boolean[3];
            Matcher option = CONV_OPTION.matcher(conv.group(2));
            while (option.find()) {
                int which = "ksp".indexOf(option.group(1));
                if (seen[which]) throw bad(token, index, "gives " + option.group(1) + " twice");
                seen[which] = true;
                int value = parseInt(option.group(2), token, index);
                switch (which) {
                    case 0 -> kernel = value;
                    case 1 -> stride = value;
                    default -> padding = value;
                }
            }
            return new Layer.Conv2d(parseInt(conv.group(1), token, index), kernel, stride, padding, conv.group(3) == null);
        }
        Matcher block = BLOCK.matcher(token);
        if (block.matches()) {
            return new Layer.BasicBlock(parseInt(block.group(1), token, index),
                    block.group(2) == null ? 1 : parseInt(block.group(2), token, index));
        }
        String[] parts = token.split(":", -1);
        String argument = parts.length == 2 ? parts[1] : null;
        if (parts.length > 2) throw bad(token, index, "has more than one ':'");
        return switch (parts[0]) {
            case "maxpool" -> new Layer.MaxPool2d(parseInt(required(argument, token, index), token, index));
            case "avgpool" -> new Layer.AvgPool2d(parseInt(required(argument, token, index), token, index));
            case "linear" -> new Layer.Linear(parseInt(required(argument, token, index), token, index));
            case "dropout" -> new Layer.Dropout(parseProbability(required(argument, token, index), token, index));
            case "gap" -> noArgument(new Layer.GlobalAvgPool(), argument, token, index);
            case "bn" -> noArgument(new Layer.BatchNorm(), argument, token, index);
            case "flatten" -> noArgument(new Layer.Flatten(), argument, token, index);
            case "relu", "tanh", "gelu" -> noArgument(new Layer.Nonlinearity(Activation.parse(parts[0])), argument, token, index);
            default -> throw bad(token, index, "is not a layer: use conv:C[kK][sS][pP], maxpool:K, avgpool:K, gap, bn, "
                    + "relu, tanh, gelu, dropout:P, flatten, linear:N or block:C[sS]");
        };
    }

    /**
     * Whether this is one of torchvision's ResNets ({@code resnet18}, {@code resnet20}, any width),
     * whose constructor re-draws every convolution from kaiming_normal (fan_out, ReLU gain).
     */
    public boolean isResNet() {
        String name = architecture.trim().toLowerCase(Locale.ROOT);
        int colon = name.indexOf(':');
        name = colon < 0 ? name : name.substring(0, colon);
        return name.equals("resnet18") || name.equals("resnet20");
    }

    private static Network named(String name, double width, int classes) {
        if (!(width > 0) || width > 64) throw new InvalidInputException("width multiplier must be in (0, 64], got " + width);
        return switch (name) {
            case "resnet18" -> resnet(name, width, new int[] {64, 128, 256, 512}, 2, classes);
            case "resnet20" -> resnet(name, width, new int[] {16, 32, 64}, 3, classes);
            case "allcnn" -> renamed(layerList(String.format(Locale.ROOT,
                    "dropout:0.2,conv:%1$dp1,relu,conv:%1$dp1,relu,conv:%1$ds2p1,relu,dropout:0.5,"
                            + "conv:%2$dp1,relu,conv:%2$dp1,relu,conv:%2$ds2p1,relu,dropout:0.5,"
                            + "conv:%2$d,relu,conv:%2$dk1,relu,conv:%3$dk1,relu,gap,flatten",
                    scaled(96, width), scaled(192, width), classes)), name, width);
            case "lenet5" -> renamed(layerList(String.format(Locale.ROOT,
                    "conv:%dk5p2,relu,maxpool:2,conv:%dk5,relu,maxpool:2,flatten,linear:%d,relu,linear:%d,relu,linear:%d",
                    scaled(6, width), scaled(16, width), scaled(120, width), scaled(84, width), classes)), name, width);
            default -> throw new IllegalStateException(name);
        };
    }

    /**
     * The CIFAR ResNets: a 3x3 stem with stride 1 and no max pool, stages of basic blocks whose
     * first block halves the resolution (except in the first stage), global average pooling and
     * a linear classifier. torchvision's names.
     */
    private static Network resnet(String name, double width, int[] stageChannels, int blocksPerStage, int classes) {
        List<NamedLayer> layers = new ArrayList<>();
        layers.add(new NamedLayer("conv1", new Layer.Conv2d(scaled(stageChannels[0], width), 3, 1, 1, false)));
        layers.add(new NamedLayer("bn1", new Layer.BatchNorm()));
        layers.add(new NamedLayer("relu", new Layer.Nonlinearity(Activation.RELU)));
        for (int stage = 0; stage < stageChannels.length; stage++) {
            for (int block = 0; block < blocksPerStage; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                layers.add(new NamedLayer("layer" + (stage + 1) + "." + block,
                        new Layer.BasicBlock(scaled(stageChannels[stage], width), stride)));
            }
        }
        layers.add(new NamedLayer("avgpool", new Layer.GlobalAvgPool()));
        layers.add(new NamedLayer("flatten", new Layer.Flatten()));
        layers.add(new NamedLayer("fc", new Layer.Linear(classes)));
        return new Network(spelled(name, width), layers);
    }

    private static Network renamed(Network list, String name, double width) {
        return new Network(spelled(name, width), list.layers());
    }

    private static String spelled(String name, double width) {
        if (width == 1) return name;
        String number = width == Math.rint(width) ? Long.toString((long) width) : Double.toString(width);
        return name + ":w" + number;
    }

    /** Channels times the width multiplier, rounded, at least 1. */
    static int scaled(int channels, double width) { return Math.max(1, (int) Math.round(channels * width)); }

    private static int parseInt(String digits, String token, int index) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw bad(token, index, "has a number out of range");
        }
    }

    private static double parseProbability(String text, String token, int index) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw bad(token, index, "needs a probability like dropout:0.5");
        }
    }

    private static String required(String argument, String token, int index) {
        if (argument == null || argument.isEmpty()) throw bad(token, index, "needs a number after ':'");
        return argument;
    }

    private static Layer noArgument(Layer layer, String argument, String token, int index) {
        if (argument != null) throw bad(token, index, "takes no ':' argument");
        return layer;
    }

    private static InvalidInputException bad(String token, int index, String problem) {
        return new InvalidInputException("layer " + index + " '" + token + "' " + problem);
    }
}
