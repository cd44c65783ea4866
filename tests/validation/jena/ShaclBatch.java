// Validate many data graphs with Apache Jena's SHACL engine in one JVM (Jena starts in seconds,
// so one process per example would take minutes). Run as a single-file source program:
//
//     java -cp JENA-CLASSPATH ShaclBatch.java SHAPES.nt [BASE.nt|-] DATA1.nt REPORT1.ttl [DATA2.nt REPORT2.ttl ...]
//
// Each DATAi is validated together with BASE (the ontology and the graph it is checked against;
// "-" for none), as `conflictkg validate` validates a submission: the focus nodes are the nodes the
// data describes or names (its subjects and its IRI objects), not every node of BASE. Its SHACL
// validation report is written to REPORTi as Turtle (one report's results after another).

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.compose.Union;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.graph.GraphFactory;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.Set;

public class ShaclBatch {
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length % 2 != 0) {
            System.err.println("usage: ShaclBatch SHAPES BASE|- DATA REPORT [DATA REPORT ...]");
            System.exit(2);
        }
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        Graph base = args[1].equals("-") ? GraphFactory.createDefaultGraph() : RDFDataMgr.loadGraph(args[1]);
        for (int i = 2; i < args.length; i += 2) {
            Graph own = RDFDataMgr.loadGraph(args[i]);
            Set<Node> nodes = new LinkedHashSet<>();
            own.find().forEachRemaining((Triple t) -> {
                nodes.add(t.getSubject());
                if (t.getObject().isURI() || t.getObject().isBlank()) nodes.add(t.getObject());
            });
            Graph data = new Union(base, own);
            Graph reports = GraphFactory.createDefaultGraph();
            for (Node node : nodes) {
                ValidationReport report = ShaclValidator.get().validate(shapes, data, node);
                GraphUtil.addInto(reports, report.getGraph());
            }
            try (OutputStream out = new FileOutputStream(args[i + 1])) {
                RDFDataMgr.write(out, reports, Lang.TURTLE);
            }
        }
    }
}
