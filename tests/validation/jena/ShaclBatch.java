// Validate many data graphs with Apache Jena's SHACL engine in one JVM (Jena starts in seconds,
// so one process per example would take minutes). Run as a single-file source program:
//
//     java -cp JENA-CLASSPATH ShaclBatch.java SHAPES.nt [BASE.nt|-] DATA1.nt REPORT1.ttl [DATA2.nt REPORT2.ttl ...]
//
// Each DATAi is validated together with BASE (the ontology and the graph it is checked against;
// "-" for none), and its SHACL validation report written to REPORTi as Turtle.

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.compose.Union;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.graph.GraphFactory;

import java.io.FileOutputStream;
import java.io.OutputStream;

public class ShaclBatch {
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length % 2 != 0) {
            System.err.println("usage: ShaclBatch SHAPES BASE|- DATA REPORT [DATA REPORT ...]");
            System.exit(2);
        }
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        Graph base = args[1].equals("-") ? GraphFactory.createDefaultGraph() : RDFDataMgr.loadGraph(args[1]);
        for (int i = 2; i < args.length; i += 2) {
            Graph data = new Union(base, RDFDataMgr.loadGraph(args[i]));
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            try (OutputStream out = new FileOutputStream(args[i + 1])) {
                RDFDataMgr.write(out, report.getGraph(), Lang.TURTLE);
            }
        }
    }
}
