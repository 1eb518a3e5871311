package org.netgeom.cli.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads the SVG figures the tests write: as XML, offline (the SVG DTD is not fetched). */
final class SvgFigures {
    private SvgFigures() {}

    /** One {@code <text>} element: its content and where it starts. */
    record Text(String content, double x, double y) {}

    static Document parse(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    static List<Text> texts(Path file) throws IOException {
        NodeList nodes = parse(file).getElementsByTagName("text");
        List<Text> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element text = (Element) nodes.item(i);
            texts.add(new Text(text.getTextContent(), Double.parseDouble(text.getAttribute("x")),
                    Double.parseDouble(text.getAttribute("y"))));
        }
        return texts;
    }

    static List<String> textContents(Path file) throws IOException {
        return texts(file).stream().map(Text::content).toList();
    }
}
